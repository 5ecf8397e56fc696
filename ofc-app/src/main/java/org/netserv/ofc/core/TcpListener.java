package org.netserv.ofc.core;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A listening TCP socket with its Netty event loops, as the OpenFlow port and the sidecars' control port
 * both need: bound at once (an error if the port is taken), closed in two steps so that the owner can
 * close its connections in between.
 *
 * <pre>{@code
 * TcpListener l = TcpListener.open("0.0.0.0", 6653, 0, new MyInitializer());
 * l.port();              // the bound port (useful with port 0)
 * l.stopAccepting();     // no new connections; existing ones go on
 * l.close();             // event loops shut down, connections with them
 * }</pre>
 */
public final class TcpListener {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private TcpListener(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds {@code address}:{@code port} (0: any free port).
     *
     * @param workerThreads event loop threads for the connections; 0 for Netty's default (twice the cores)
     * @param childHandler sets up each accepted connection's pipeline
     */
    public static TcpListener open(String address, int port, int workerThreads, ChannelHandler childHandler)
            throws InterruptedException {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(workerThreads);
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(childHandler)
                    .bind(address, port)
                    .sync()
                    .channel();
            return new TcpListener(boss, workers, channel);
        } catch (InterruptedException | RuntimeException e) {
            shutDown(workers);
            shutDown(boss);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Closes the listening socket; accepted connections stay open. */
    public void stopAccepting() {
        channel.close().syncUninterruptibly();
    }

    /** Stops accepting and shuts the event loops down, closing every connection. */
    public void close() {
        stopAccepting();
        shutDown(workers);
        shutDown(boss);
    }

    private static void shutDown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
