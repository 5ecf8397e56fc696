package org.netserv.ofc.core;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The listening socket switches connect to. */
final class OfServer {
    private final OpenFlowCore core;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel listener;

    OfServer(OpenFlowCore core) {
        this.core = core;
    }

    /** Binds the port; throws if it is taken. */
    void start() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup();
        try {
            listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new OfChannelInitializer(core))
                    .bind(core.config().bindAddress(), core.config().port())
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
        core.registry().disconnectAll();
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
