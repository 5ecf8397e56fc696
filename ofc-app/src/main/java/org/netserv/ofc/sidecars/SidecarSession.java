package org.netserv.ofc.sidecars;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import org.netserv.signaling.control.ControlCodec;
import org.netserv.signaling.control.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sidecar's control connection: the first message must be a hello with our protocol version; after
 * the welcome, heartbeats, results and module reports go to the pool. Anything else is logged and ignored.
 */
final class SidecarSession extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(SidecarSession.class);

    private final SidecarPool pool;
    private final ControlMessage.Welcome welcome;
    private String sidecarId;

    SidecarSession(SidecarPool pool, ControlMessage.Welcome welcome) {
        this.pool = pool;
        this.welcome = welcome;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ControlCodec.DecoderProblem p) {
            log.warn("unreadable message from sidecar {} at {}: {}", sidecarId, ctx.channel().remoteAddress(), p.reason());
            return;
        }
        if (sidecarId == null) {
            onFirst(ctx, msg);
            return;
        }
        if (msg instanceof ControlMessage.Heartbeat hb) {
            pool.heartbeat(sidecarId, hb);
        } else if (msg instanceof ControlMessage.Result r) {
            pool.result(r);
        } else if (msg instanceof ControlMessage.ModuleChanged m) {
            pool.moduleChanged(sidecarId, m.module());
        } else if (msg instanceof ControlMessage.Counters c) {
            pool.modules(sidecarId, c.modules());
        } else if (msg instanceof ControlMessage.Bye b) {
            log.info("sidecar {} says bye: {}", sidecarId, b.reason());
            ctx.close();
        } else {
            log.warn("ignoring unexpected {} from sidecar {}", msg.getClass().getSimpleName(), sidecarId);
        }
    }

    private void onFirst(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ControlMessage.Hello hello)) {
            log.warn("{} sent {} before hello; closing", ctx.channel().remoteAddress(), msg.getClass().getSimpleName());
            ctx.writeAndFlush(new ControlMessage.Bye("say hello first")).addListener(f -> ctx.close());
            return;
        }
        if (hello.protocol() != ControlMessage.PROTOCOL_VERSION) {
            String why = "control protocol " + hello.protocol() + " is not supported (this OFC speaks "
                    + ControlMessage.PROTOCOL_VERSION + ")";
            log.warn("sidecar {} at {}: {}", hello.sidecarId(), ctx.channel().remoteAddress(), why);
            ctx.writeAndFlush(new ControlMessage.Bye(why)).addListener(f -> ctx.close());
            return;
        }
        sidecarId = hello.sidecarId();
        ctx.pipeline().remove("hello-timeout");
        ctx.writeAndFlush(welcome);
        pool.hello(hello, ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sidecarId != null) {
            pool.disconnected(sidecarId, ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            log.warn("{} connected to the sidecar port but sent no hello; closing", ctx.channel().remoteAddress());
        } else {
            log.warn("sidecar {} connection failed: {}", sidecarId, cause.getMessage());
        }
        ctx.close();
    }
}
