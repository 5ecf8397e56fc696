package org.netserv.ofc.core;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of every switch connection: flush batching, idle detection, framing/parsing, encoding,
 * the connection. Flushes are consolidated so that the FlowMods and PacketOuts answering a burst of
 * PacketIns leave in one write instead of one system call each.
 */
final class OfChannelInitializer extends ChannelInitializer<Channel> {
    private static final OfMessageEncoder ENCODER = new OfMessageEncoder();
    /** Flush at the latest after this many flush requests, even in the middle of a read burst. */
    private static final int FLUSH_BATCH = 64;

    private final OpenFlowCore core;

    OfChannelInitializer(OpenFlowCore core) {
        this.core = core;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("flush", new FlushConsolidationHandler(FLUSH_BATCH, true))
                .addLast("idle", new IdleStateHandler(core.config().echoIntervalSeconds(), 0, 0))
                .addLast("decoder", new OfFrameDecoder(core.config().maxMessageBytes()))
                .addLast("encoder", ENCODER)
                .addLast("switch", new OfChannelHandler(core));
    }
}
