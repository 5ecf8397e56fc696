package org.netserv.module.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module of docs/module-developer-guide.md, kept compiling and behaving as the guide says. */
class GuideExampleTest {

    /** Counts packets that arrive with a low TTL, and drops those that would die at the next hop anyway. */
    static final class TtlWatch implements PacketModule {
        private Counter low;
        private Counter dropped;
        private int threshold = 10;

        @Override
        public void start(ModuleContext ctx) {
            threshold = Integer.parseInt(ctx.properties().getOrDefault("threshold", "10"));
            low = ctx.counter("low-ttl");
            dropped = ctx.counter("dropped");
            ctx.log().info("watching for TTL below " + threshold);
        }

        @Override
        public Verdict process(Packet p, Emitter out) {
            if (!p.isIpv4() || p.ttl() >= threshold) {
                return Verdict.FORWARD;
            }
            low.increment();
            if (p.ttl() <= 1) {
                dropped.increment();
                return Verdict.DROP;
            }
            return Verdict.FORWARD;
        }
    }

    @Test
    void theGuidesTestPasses() {
        TestModuleContext ctx = new TestModuleContext(Map.of("threshold", "5"));
        TtlWatch m = new TtlWatch();
        m.start(ctx);
        ByteBuffer f = Frames.udp(1, 2, Ipv4.parse("10.0.0.1"), Ipv4.parse("10.0.0.2"), 1000, 53, new byte[8], -1);
        f.put(14 + 8, (byte) 1); // TTL 1
        assertThat(m.process(ParsedPacket.of(f), frame -> fail("nothing to emit"))).isEqualTo(Verdict.DROP);
        assertThat(ctx.count("dropped")).isEqualTo(1);
        f.put(14 + 8, (byte) 3);
        assertThat(m.process(ParsedPacket.of(f), frame -> fail("nothing to emit"))).isEqualTo(Verdict.FORWARD);
        assertThat(ctx.count("low-ttl")).isEqualTo(2);
    }
}
