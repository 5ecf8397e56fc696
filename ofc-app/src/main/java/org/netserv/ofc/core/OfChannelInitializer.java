package org.netserv.ofc.core;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;

/** The pipeline of every switch connection: idle detection, framing/parsing, encoding, the connection. */
final class OfChannelInitializer extends ChannelInitializer<Channel> {
    private static final OfMessageEncoder ENCODER = new OfMessageEncoder();

    private final OpenFlowCore core;

    OfChannelInitializer(OpenFlowCore core) {
        this.core = core;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(core.config().echoIntervalSeconds(), 0, 0))
                .addLast("decoder", new OfFrameDecoder(core.config().maxMessageBytes()))
                .addLast("encoder", ENCODER)
                .addLast("switch", new OfChannelHandler(core));
    }
}
