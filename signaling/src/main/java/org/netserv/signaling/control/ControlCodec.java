package org.netserv.signaling.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.netserv.signaling.model.ModelJson;

/**
 * Framing of the control channel: a 4-byte big-endian length, then that many bytes of UTF-8 JSON (at
 * most {@link #MAX_FRAME}). A frame that is not a known message is a {@link DecoderProblem} passed up the
 * pipeline (and logged by the peer), not a reason to drop the connection.
 */
public final class ControlCodec {
    private ControlCodec() {}

    public static final int MAX_FRAME = 1 << 20;

    /** An unreadable frame and why. */
    public record DecoderProblem(String reason) {}

    /** Adds the framing and JSON handlers to a channel's pipeline (one call per channel). */
    public static void install(ChannelPipeline p) {
        p.addLast("frame-decoder", new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
        p.addLast("frame-encoder", new LengthFieldPrepender(4));
        p.addLast("json-decoder", new JsonDecoder());
        p.addLast("json-encoder", ENCODER);
    }

    private static final JsonEncoder ENCODER = new JsonEncoder();

    public static byte[] encode(ControlMessage m) {
        return ModelJson.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static ControlMessage decode(byte[] json) {
        return ModelJson.read(new String(json, StandardCharsets.UTF_8), ControlMessage.class);
    }

    private static final class JsonDecoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
            try {
                out.add(ControlCodec.decode(ByteBufUtil.getBytes(frame)));
            } catch (IllegalArgumentException e) {
                out.add(new DecoderProblem(e.getMessage()));
            }
        }
    }

    @Sharable
    private static final class JsonEncoder extends MessageToMessageEncoder<ControlMessage> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ControlMessage m, List<Object> out) {
            out.add(ctx.alloc().buffer().writeBytes(ControlCodec.encode(m)));
        }
    }
}
