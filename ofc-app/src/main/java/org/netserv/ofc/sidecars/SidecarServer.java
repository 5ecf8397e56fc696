package org.netserv.ofc.sidecars;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.netserv.signaling.control.ControlCodec;
import org.netserv.signaling.control.ControlMessage;

/** The TCP port sidecars connect to (docs/control-channel.md): length-prefixed JSON, one session each. */
final class SidecarServer {
    private final SidecarsConfig config;
    private final SidecarPool pool;
    private EventLoopGroup group;
    private Channel listener;

    SidecarServer(SidecarsConfig config, SidecarPool pool) {
        this.config = config;
        this.pool = pool;
    }

    void start() throws InterruptedException {
        group = new NioEventLoopGroup(1);
        ControlMessage.Welcome welcome = new ControlMessage.Welcome(ControlMessage.PROTOCOL_VERSION,
                config.heartbeatIntervalMs(), config.deadAfterMs());
        try {
            listener = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // A peer that never says hello is dropped; after hello, health checks take over.
                            ch.pipeline().addLast("hello-timeout", new ReadTimeoutHandler(10, TimeUnit.SECONDS));
                            ControlCodec.install(ch.pipeline());
                            ch.pipeline().addLast("session", new SidecarSession(pool, welcome));
                        }
                    })
                    .bind(config.bindAddress(), config.port())
                    .sync()
                    .channel();
        } catch (InterruptedException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    int boundPort() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    void stop() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
