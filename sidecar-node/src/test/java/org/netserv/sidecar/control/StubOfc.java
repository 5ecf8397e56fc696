package org.netserv.sidecar.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.netserv.signaling.control.ControlCodec;
import org.netserv.signaling.control.ControlMessage;

/** The OFC's end of the control channel, played by a test: welcomes, records, sends commands. */
final class StubOfc implements AutoCloseable {
    final BlockingQueue<ControlMessage> received = new LinkedBlockingQueue<>();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final long heartbeatMs;
    private Channel server;
    private volatile Channel last;

    StubOfc(long heartbeatMs) {
        this.heartbeatMs = heartbeatMs;
    }

    int start(int port) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        ControlCodec.install(ch.pipeline());
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ControlMessage>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ControlMessage m) {
                                received.add(m);
                                if (m instanceof ControlMessage.Hello) {
                                    last = ctx.channel();
                                    ctx.writeAndFlush(new ControlMessage.Welcome(1, heartbeatMs, heartbeatMs * 5));
                                }
                            }
                        });
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    void send(ControlMessage m) {
        last.writeAndFlush(m);
    }

    /** The next message of this type, skipping others (heartbeats), or null after the timeout. */
    <T extends ControlMessage> T next(Class<T> type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            ControlMessage m = received.poll(10, TimeUnit.MILLISECONDS);
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        return null;
    }

    /** Closes the listening socket and every connection, as an OFC that stops does. */
    void stop() {
        server.close().syncUninterruptibly();
        children.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
