package org.netserv.sidecar.control;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.netserv.sidecar.agent.AgentException;
import org.netserv.signaling.control.ControlCodec;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.model.ModuleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's end of the control channel (docs/control-channel.md). Connects to the OFC and says
 * {@code hello}; after {@code welcome}, heartbeats at the interval the OFC asked for and sends counters
 * every second; runs {@code install}/{@code remove} commands on the {@link ModuleHost} (off the I/O thread:
 * installs take seconds) and answers each with a {@code result}; forwards module state changes. When the
 * connection drops (an OFC restart), it reconnects with backoff (100 ms doubling to 2 s) and says hello
 * again with the modules it runs, so the OFC relearns them.
 */
public final class OfcClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OfcClient.class);
    static final long MIN_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 2000;
    static final long COUNTERS_MS = 1000;
    static final long WELCOME_TIMEOUT_MS = 5000;

    private final String host;
    private final int port;
    private final ControlMessage.Hello helloTemplate;
    private final ModuleHost modules;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ExecutorService commands = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ofc-commands");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong seq = new AtomicLong();
    private volatile Channel channel;
    private volatile boolean closed;
    private long backoffMs = MIN_BACKOFF_MS;

    /** @param hello who we are; its module list is filled in at each connect */
    public OfcClient(String host, int port, ControlMessage.Hello hello, ModuleHost modules) {
        this.host = host;
        this.port = port;
        this.helloTemplate = hello;
        this.modules = modules;
        modules.addListener(s -> send(new ControlMessage.ModuleChanged(s)));
    }

    public void start() {
        connect();
    }

    /** Whether the channel is up and the OFC has welcomed us. */
    public boolean connected() {
        Channel c = channel;
        return c != null && c.isActive() && c.attr(Session.KEY).get() != null
                && c.attr(Session.KEY).get().welcomed;
    }

    private void connect() {
        if (closed) {
            return;
        }
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ControlCodec.install(ch.pipeline());
                        ch.pipeline().addLast("session", new Session());
                    }
                })
                .connect(host, port)
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        log.debug("OFC {}:{} not reachable: {}", host, port, f.cause().getMessage());
                        retryLater();
                    }
                });
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void send(ControlMessage m) {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(m);
        }
    }

    /** One connection's conversation. */
    private final class Session extends SimpleChannelInboundHandler<Object> {
        static final io.netty.util.AttributeKey<Session> KEY = io.netty.util.AttributeKey.valueOf("netserv.session");
        volatile boolean welcomed;
        private ScheduledFuture<?> heartbeat;
        private ScheduledFuture<?> counters;
        private ScheduledFuture<?> welcomeTimeout;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.channel().attr(KEY).set(this);
            List<ModuleStatus> current = modules.modules();
            ctx.writeAndFlush(new ControlMessage.Hello(ControlMessage.PROTOCOL_VERSION, helloTemplate.sidecarId(),
                    helloTemplate.mac(), helloTemplate.iface(), helloTemplate.capacity(), current));
            welcomeTimeout = ctx.executor().schedule(() -> {
                log.warn("OFC {}:{} did not welcome us within {} ms; reconnecting", host, port, WELCOME_TIMEOUT_MS);
                ctx.close();
            }, WELCOME_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ControlCodec.DecoderProblem p) {
                log.warn("unreadable message from the OFC: {}", p.reason());
            } else if (msg instanceof ControlMessage.Welcome w) {
                onWelcome(ctx, w);
            } else if (msg instanceof ControlMessage.Install i) {
                commands.execute(() -> install(ctx, i));
            } else if (msg instanceof ControlMessage.Remove r) {
                commands.execute(() -> remove(ctx, r));
            } else if (msg instanceof ControlMessage.Bye b) {
                log.info("OFC says bye: {}", b.reason());
            } else {
                log.debug("ignoring {} from the OFC", msg.getClass().getSimpleName());
            }
        }

        private void onWelcome(ChannelHandlerContext ctx, ControlMessage.Welcome w) {
            welcomeTimeout.cancel(false);
            welcomed = true;
            backoffMs = MIN_BACKOFF_MS;
            long every = Math.max(10, w.heartbeatIntervalMs());
            heartbeat = ctx.executor().scheduleAtFixedRate(() -> {
                var c = modules.containers();
                ctx.writeAndFlush(new ControlMessage.Heartbeat(seq.incrementAndGet(), c.size(),
                        modules.modules().size()));
            }, 0, every, TimeUnit.MILLISECONDS);
            counters = ctx.executor().scheduleAtFixedRate(() -> commands.execute(() ->
                    send(new ControlMessage.Counters(modules.modules()))), COUNTERS_MS, COUNTERS_MS, TimeUnit.MILLISECONDS);
            log.info("connected to OFC {}:{} (heartbeat every {} ms)", host, port, every);
        }

        private void install(ChannelHandlerContext ctx, ControlMessage.Install i) {
            ControlMessage.Result r;
            try {
                r = new ControlMessage.Result(i.requestId(), true, null, modules.install(i.request()));
            } catch (AgentException e) {
                r = new ControlMessage.Result(i.requestId(), false, e.getMessage(), null);
            }
            ctx.writeAndFlush(r);
        }

        private void remove(ChannelHandlerContext ctx, ControlMessage.Remove rm) {
            ControlMessage.Result r;
            try {
                Optional<ModuleStatus> s = modules.uninstall(rm.user(), rm.name());
                r = s.map(st -> new ControlMessage.Result(rm.requestId(), true, null, st))
                        .orElseGet(() -> new ControlMessage.Result(rm.requestId(), false,
                                "no module " + rm.user() + "/" + rm.name(), null));
            } catch (AgentException e) {
                r = new ControlMessage.Result(rm.requestId(), false, e.getMessage(), null);
            }
            ctx.writeAndFlush(r);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {heartbeat, counters, welcomeTimeout}) {
                if (f != null) {
                    f.cancel(false);
                }
            }
            if (channel == ctx.channel()) {
                channel = null;
            }
            if (!closed) {
                log.warn("lost the OFC {}:{}; reconnecting", host, port);
                retryLater();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("control channel error: {}", cause.toString());
            ctx.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(new ControlMessage.Bye("sidecar stopping")).awaitUninterruptibly(500);
            c.close().awaitUninterruptibly(1000);
        }
        commands.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
