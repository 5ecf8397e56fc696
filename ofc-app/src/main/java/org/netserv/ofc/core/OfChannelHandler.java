package org.netserv.ofc.core;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One switch connection: runs the {@link SwitchHandshake}, answers ECHO in every state, probes a silent
 * peer and drops a dead one, answers malformed input with an OpenFlow ERROR (closing the connection when
 * the stream cannot be trusted any more), and once the switch is ready routes its messages to waiting
 * requests, the flow store and the listener chain.
 */
final class OfChannelHandler extends SimpleChannelInboundHandler<Object> implements SwitchHandshake.Peer {
    private static final Logger log = LoggerFactory.getLogger(OfChannelHandler.class);

    private final OpenFlowCore core;
    private final AtomicLong xids = new AtomicLong();
    private final SwitchHandshake handshake;
    private ChannelHandlerContext ctx;
    private OFFactory factory;
    private OfSwitchConnection sw;
    private long lastReadNanos;

    OfChannelHandler(OpenFlowCore core) {
        this.core = core;
        this.lastReadNanos = core.nanoClock().getAsLong();
        this.handshake = new SwitchHandshake(this, core.negotiation(), core::desiredFlows);
    }

    HandshakeState state() {
        return handshake.state();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        log.debug("{}: connection opened", describe());
        int timeout = core.config().handshakeTimeoutSeconds();
        ctx.executor().schedule(() -> {
            HandshakeState s = handshake.state();
            if (s != HandshakeState.READY && s != HandshakeState.CLOSED) {
                fail("handshake did not complete within " + timeout + " s (stuck in " + s + ")", null);
            }
        }, timeout, TimeUnit.SECONDS);
        handshake.start();
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = core.nanoClock().getAsLong();
        if (msg instanceof ProtocolViolation v) {
            onViolation(v);
        } else if (msg instanceof OFEchoRequest echo) {
            OFFactory f = factory != null ? factory : OFFactories.getFactory(echo.getVersion());
            ctx.writeAndFlush(f.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
        } else if (msg instanceof OFMessage m && m.getType() != OFType.ECHO_REPLY) {
            if (sw != null) {
                onReadyMessage(m);
            } else if (handshake.state() != HandshakeState.CLOSED) {
                handshake.onMessage(m);
            }
        }
    }

    private void onReadyMessage(OFMessage m) {
        switch (m.getType()) {
            case ERROR -> {
                OFErrorMsg e = (OFErrorMsg) m;
                String what = OfErrors.describe(e);
                log.warn("OpenFlow error from switch {}: {}", sw.id(), what);
                sw.onError(e, what);
                core.registry().dispatch(sw, m);
            }
            case BARRIER_REPLY, STATS_REPLY -> {
                if (!sw.onReply(m)) {
                    log.debug("switch {}: unsolicited {} xid {}", sw.id(), m.getType(), m.getXid());
                }
            }
            case PORT_STATUS -> {
                core.registry().portChanged(sw, (OFPortStatus) m);
                core.registry().dispatch(sw, m);
            }
            case FLOW_REMOVED -> {
                core.flows().onFlowRemoved(sw.id(), (OFFlowRemoved) m);
                core.registry().dispatch(sw, m);
            }
            default -> core.registry().dispatch(sw, m);
        }
    }

    private void onViolation(ProtocolViolation v) {
        OFFactory f = factory != null ? factory : OFFactories.getFactory(core.negotiation().highest());
        OFMessage error = OfErrors.forViolation(f, v);
        if (v.fatal()) {
            fail(v.reason(), error);
        } else {
            log.warn("{}: dropped a message: {}", describe(), v.reason());
            ctx.writeAndFlush(error);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(core.nanoClock().getAsLong() - lastReadNanos);
        if (silentMillis >= core.config().deadPeerTimeoutSeconds() * 1000L) {
            fail("no message (not even an ECHO_REPLY) for " + silentMillis / 1000 + " s: peer presumed dead", null);
        } else if (factory != null) {
            ctx.writeAndFlush(factory.buildEchoRequest().setXid(nextXid()).build());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        HandshakeState s = handshake.state();
        handshake.closed();
        if (sw != null) {
            core.registry().deactivate(sw);
        } else if (s == HandshakeState.WAIT_HELLO) {
            log.debug("{}: closed before HELLO", describe()); // e.g. Mininet's probe connection
        } else if (s != HandshakeState.CLOSED) {
            log.info("{}: connection closed during handshake ({})", describe(), s);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.info("{}: connection error: {}", describe(), cause.getMessage());
        } else {
            log.error("{}: unexpected failure; closing the connection", describe(), cause);
        }
        ctx.close();
    }

    // --- SwitchHandshake.Peer ---

    @Override
    public void send(List<? extends OFMessage> messages) {
        messages.forEach(ctx::write);
        ctx.flush();
    }

    @Override
    public void fail(String reason, OFMessage error) {
        log.warn("{}: disconnecting: {}", describe(), reason);
        handshake.closed();
        if (error != null && ctx.channel().isActive()) {
            ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    public void negotiated(OFVersion version) {
        factory = OFFactories.getFactory(version);
        ctx.channel().attr(OfFrameDecoder.NEGOTIATED).set(version);
    }

    @Override
    public void ready(SwitchHandshake.Result result) {
        sw = new OfSwitchConnection(ctx.channel(), result, xids, core.requestTimeout());
        core.registry().activate(sw);
    }

    @Override
    public long nextXid() {
        return xids.incrementAndGet();
    }

    @Override
    public String describe() {
        Object remote = ctx == null ? "?" : ctx.channel().remoteAddress();
        return handshake.datapathId() == null ? String.valueOf(remote) : handshake.datapathId() + "@" + remote;
    }
}
