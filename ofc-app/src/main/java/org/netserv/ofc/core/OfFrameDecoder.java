package org.netserv.ofc.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Splits the byte stream into OpenFlow messages and parses them with Loxi.
 *
 * <p>Before the version is negotiated (the channel attribute {@link #NEGOTIATED} is unset) it uses Loxi's
 * generic reader and accepts only versions Loxi knows; afterwards it uses the negotiated version's reader
 * and rejects messages of other versions. One frame is decoded per call, so the handshake sees the HELLO
 * and sets the version before the next frame is read. Problems become {@link ProtocolViolation}s; after a
 * fatal one the rest of the stream is discarded.
 */
public final class OfFrameDecoder extends ByteToMessageDecoder {
    /** The negotiated version; set by the handshake. */
    public static final AttributeKey<OFVersion> NEGOTIATED = AttributeKey.valueOf("netserv.of.version");

    static final int HEADER_LENGTH = 8;
    /** Before negotiation only a HELLO may arrive; a real one is a few dozen bytes. */
    static final int MAX_HELLO_BYTES = 1024;
    private static final int ECHO_BYTES = 64;

    private final int maxMessageBytes;
    private boolean discarding;

    public OfFrameDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int wireVersion = in.getUnsignedByte(start);
        int length = in.getUnsignedShort(start + 2);
        long xid = in.getUnsignedInt(start + 4);
        OFVersion negotiated = ctx.channel().attr(NEGOTIATED).get();

        Optional<OFVersion> version = VersionNegotiation.fromWire(wireVersion);
        if (negotiated == null && version.isEmpty()) {
            fatal(in, out, OFErrorType.HELLO_FAILED, "INCOMPATIBLE", xid,
                    String.format("unknown OpenFlow version byte 0x%02x", wireVersion));
            return;
        }
        if (length < HEADER_LENGTH) {
            fatal(in, out, OFErrorType.BAD_REQUEST, "BAD_LEN", xid,
                    "message length " + length + " is shorter than the 8-byte OpenFlow header");
            return;
        }
        int limit = negotiated == null ? Math.min(MAX_HELLO_BYTES, maxMessageBytes) : maxMessageBytes;
        if (length > limit) {
            fatal(in, out, OFErrorType.BAD_REQUEST, "BAD_LEN", xid, "message length " + length
                    + " exceeds the limit of " + limit + " bytes" + (negotiated == null ? " before HELLO" : ""));
            return;
        }
        if (in.readableBytes() < length) {
            return; // wait for the rest of the frame
        }
        ByteBuf frame = in.readSlice(length);
        if (negotiated != null && version.orElse(null) != negotiated) {
            out.add(new ProtocolViolation(false, OFErrorType.BAD_REQUEST, "BAD_VERSION", xid, head(frame),
                    String.format("message with version byte 0x%02x on a connection negotiated at OpenFlow %s",
                            wireVersion, VersionNegotiation.name(negotiated))));
            return;
        }
        OFMessageReader<OFMessage> reader = negotiated == null
                ? OFFactories.getGenericReader() : OFFactories.getFactory(negotiated).getReader();
        String problem;
        try {
            OFMessage msg = reader.readFrom(frame.duplicate());
            if (msg != null) {
                out.add(msg);
                return;
            }
            problem = "message could not be parsed";
        } catch (OFParseError | RuntimeException e) {
            problem = "unparsable message: " + e.getMessage();
        }
        out.add(new ProtocolViolation(negotiated == null, OFErrorType.BAD_REQUEST, "BAD_TYPE", xid, head(frame),
                problem));
    }

    private void fatal(ByteBuf in, List<Object> out, OFErrorType type, String code, long xid, String reason) {
        byte[] offending = head(in.slice(in.readerIndex(), Math.min(in.readableBytes(), ECHO_BYTES)));
        in.skipBytes(in.readableBytes());
        discarding = true;
        out.add(new ProtocolViolation(true, type, code, xid, offending, reason));
    }

    private static byte[] head(ByteBuf frame) {
        return ByteBufUtil.getBytes(frame, frame.readerIndex(), Math.min(frame.readableBytes(), ECHO_BYTES));
    }
}
