package org.netserv.ofc.sidecars;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.control.ControlCodec;
import org.netserv.signaling.control.ControlMessage;

/** The first moments of a sidecar's control connection, on an embedded channel. */
class SidecarSessionTest {
    private final SidecarPool pool = new SidecarPool(SidecarsConfig.defaults(), System::nanoTime);
    private final ControlMessage.Welcome welcome = new ControlMessage.Welcome(ControlMessage.PROTOCOL_VERSION, 100, 500);

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("hello-timeout", new ReadTimeoutHandler(10, TimeUnit.SECONDS));
        ch.pipeline().addLast("session", new SidecarSession(pool, welcome));
        return ch;
    }

    private static ControlMessage.Hello hello(int protocol) {
        return new ControlMessage.Hello(protocol, "sc1", "02:00:00:00:00:01", "eth1",
                new ControlMessage.Capacity(2, 1024, 0), List.of());
    }

    @Test
    void helloIsWelcomedAndRegistersTheSidecar() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(hello(ControlMessage.PROTOCOL_VERSION));
        assertThat((Object) ch.readOutbound()).isEqualTo(welcome);
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.UP);
        assertThat(ch.pipeline().get("hello-timeout")).as("health checks take over from the hello timeout").isNull();
        ch.writeInbound(new ControlMessage.Heartbeat(1, 2, 3));
        assertThat(pool.sidecar("sc1").orElseThrow().load()).isEqualTo(new SidecarView.Load(2, 3));
        ch.close();
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.DOWN);
    }

    @Test
    void anythingBeforeHelloIsRefusedWithAReason() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(new ControlMessage.Heartbeat(1, 0, 0));
        assertThat(((ControlMessage.Bye) ch.readOutbound()).reason()).isEqualTo("say hello first");
        assertThat(ch.isOpen()).isFalse();
        assertThat(pool.sidecars()).isEmpty();
    }

    @Test
    void anotherProtocolVersionIsRefusedWithAReason() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(hello(99));
        assertThat(((ControlMessage.Bye) ch.readOutbound()).reason()).contains("control protocol 99 is not supported");
        assertThat(ch.isOpen()).isFalse();
        assertThat(pool.sidecars()).isEmpty();
    }

    @Test
    void unreadableMessagesAreLoggedAndTheConnectionStays() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(hello(ControlMessage.PROTOCOL_VERSION));
        ch.readOutbound();
        ch.writeInbound(new ControlCodec.DecoderProblem("not JSON"));
        assertThat(ch.isOpen()).isTrue();
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.UP);
    }
}
