package org.netserv.ofc.sidecars;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;
import org.netserv.ofc.core.TcpListener;
import org.netserv.signaling.control.ControlCodec;
import org.netserv.signaling.control.ControlMessage;

/** The TCP port sidecars connect to (docs/control-channel.md): length-prefixed JSON, one session each. */
final class SidecarServer {
    private final SidecarsConfig config;
    private final SidecarPool pool;
    private TcpListener listener;

    SidecarServer(SidecarsConfig config, SidecarPool pool) {
        this.config = config;
        this.pool = pool;
    }

    void start() throws InterruptedException {
        ControlMessage.Welcome welcome = new ControlMessage.Welcome(ControlMessage.PROTOCOL_VERSION,
                config.heartbeatIntervalMs(), config.deadAfterMs());
        listener = TcpListener.open(config.bindAddress(), config.port(), 1, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // A peer that never says hello is dropped; after hello, health checks take over.
                ch.pipeline().addLast("hello-timeout", new ReadTimeoutHandler(10, TimeUnit.SECONDS));
                ControlCodec.install(ch.pipeline());
                ch.pipeline().addLast("session", new SidecarSession(pool, welcome));
            }
        });
    }

    int boundPort() {
        return listener.port();
    }

    void stop() {
        if (listener != null) {
            listener.close();
        }
    }
}
