package org.netserv.examples.netmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netserv.module.api.Frames;
import org.netserv.module.api.Ipv4;
import org.netserv.module.api.ParsedPacket;
import org.netserv.module.api.TestModuleContext;
import org.netserv.module.api.Verdict;

class NetMonitorTest {
    private static ParsedPacket udp(String src, String dst, int ttl) {
        ByteBuffer f = Frames.udp(1, 2, Ipv4.parse(src), Ipv4.parse(dst), 1000, 5060, new byte[8], -1);
        f.put(14 + 8, (byte) ttl);
        return ParsedPacket.of(f);
    }

    @Test
    @SuppressWarnings("unchecked")
    void countsPerTupleAndForwardsEverything() {
        NetMonitor m = new NetMonitor();
        TestModuleContext ctx = new TestModuleContext(Map.of());
        m.start(ctx);
        for (int i = 0; i < 5; i++) {
            assertThat(m.process(udp("10.0.0.1", "10.0.0.2", 64), f -> {})).isEqualTo(Verdict.FORWARD);
        }
        m.process(udp("10.0.0.1", "10.0.0.2", 63), f -> {});
        m.process(udp("10.0.0.3", "10.0.0.2", 64), f -> {});
        m.process(ParsedPacket.of(ByteBuffer.allocate(60).putShort(12, (short) 0x0806)), f -> {}); // ARP: not counted

        Map<String, Object> v = (Map<String, Object>) ctx.view("tuples");
        assertThat(v).containsEntry("packets", 7L).containsEntry("distinct", 3).containsEntry("overflow", 0L);
        List<Map<String, Object>> top = (List<Map<String, Object>>) v.get("top");
        assertThat(top.get(0)).containsEntry("src", "10.0.0.1").containsEntry("dst", "10.0.0.2")
                .containsEntry("ttl", 64).containsEntry("packets", 5L);
        assertThat(top).hasSize(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void boundedTableCountsNewTuplesAsOverflowAndShowsOnlyTheTop() {
        NetMonitor m = new NetMonitor();
        TestModuleContext ctx = new TestModuleContext(Map.of("maxTuples", "2", "top", "1"));
        m.start(ctx);
        m.process(udp("10.0.0.1", "10.0.0.9", 64), f -> {});
        m.process(udp("10.0.0.1", "10.0.0.9", 64), f -> {});
        m.process(udp("10.0.0.2", "10.0.0.9", 64), f -> {});
        m.process(udp("10.0.0.3", "10.0.0.9", 64), f -> {});
        Map<String, Object> v = (Map<String, Object>) ctx.view("tuples");
        assertThat(v).containsEntry("distinct", 2).containsEntry("overflow", 1L).containsEntry("packets", 4L);
        assertThat((List<?>) v.get("top")).hasSize(1);
    }

    @Test
    void badPropertyIsRefusedAtStart() {
        assertThatThrownBy(() -> new NetMonitor().start(new TestModuleContext(Map.of("top", "many"))))
                .hasMessageContaining("property top must be a positive integer");
    }

    @Test
    void tableHoldsManyTuplesWithoutLosingCounts() {
        TupleCounter c = new TupleCounter(10_000);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10_000; i++) {
                c.count(i, ~i, i & 0xff);
            }
        }
        assertThat(c.size()).isEqualTo(10_000);
        assertThat(c.overflow()).isZero();
        assertThat(c.top(10_000)).allMatch(r -> r.packets() == 3);
    }
}
