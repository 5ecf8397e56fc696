package org.netserv.signaling.nslp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The text form of NetServ NSLP messages (thesis Figure 6.3), strict both ways.
 *
 * <p>A message is UTF-8 text of at most {@link #MAX_BYTES} bytes, lines ending in a single LF, no control
 * characters. A request is a request line ({@code SETUP <module> NETSERV/0.1}), {@code name:value} header
 * lines (no spaces around the value) and a blank line; a TRIGGER's blank line is followed by the SETUP or
 * PROBE it carries. A response is a status line ({@code NETSERV/0.1 200 OK}), its header lines
 * ({@code request}, {@code module}, {@code nonce}), a blank line, then one block per node ({@code NODE <id>
 * <code> <reason>}, probed {@code key:value} lines, a blank line). Anything else is an {@link NslpException}
 * saying which line and header and why; no other exception escapes {@link #decode}.
 *
 * <p>The encoder writes headers in {@link Header}'s order; a message so written decodes to an equal
 * message and encodes back to the same bytes.
 *
 * <pre>{@code
 * NslpMessage m = NslpCodec.decode(datagram.nslpData());       // throws NslpException
 * if (m instanceof Request r && r.type() == RequestType.SETUP) { ... }
 * byte[] answer = NslpCodec.encode(Response.to(r, NslpStatus.OK, "OK").withNode(me));
 * }</pre>
 */
public final class NslpCodec {
    private NslpCodec() {}

    /** The protocol version on request and status lines. */
    public static final String VERSION = "NETSERV/0.1";
    /** The largest message, encoded. */
    public static final int MAX_BYTES = 8192;

    /** Reads a request or a response. */
    public static NslpMessage decode(byte[] bytes) throws NslpException {
        String[] lines = lines(bytes);
        if (lines[0].startsWith("NETSERV/")) {
            return ResponseReader.read(lines);
        }
        return RequestReader.read(lines);
    }

    /** Reads a request, refusing a response. */
    public static Request decodeRequest(byte[] bytes) throws NslpException {
        if (decode(bytes) instanceof Request r) {
            return r;
        }
        throw new NslpException("expected a request, got a response", 1, null);
    }

    /** Reads a response, refusing a request. */
    public static Response decodeResponse(byte[] bytes) throws NslpException {
        if (decode(bytes) instanceof Response r) {
            return r;
        }
        throw new NslpException("expected a response, got a request", 1, null);
    }

    /**
     * The canonical bytes of {@code m}.
     *
     * @throws IllegalArgumentException if they exceed {@link #MAX_BYTES} (e.g. a PROBE response with too
     *     much information): no peer would read them
     */
    public static byte[] encode(NslpMessage m) {
        byte[] b = text(m).getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_BYTES) {
            throw new IllegalArgumentException("the encoded message has " + b.length + " bytes, more than the "
                    + MAX_BYTES + " allowed");
        }
        return b;
    }

    /** The canonical text of {@code m}. */
    public static String text(NslpMessage m) {
        StringBuilder b = new StringBuilder(512);
        if (m instanceof Request r) {
            write(b, r);
        } else if (m instanceof Response r) {
            write(b, r);
        }
        return b.toString();
    }

    /** What a request's signature covers: its canonical bytes without the signature header. */
    public static byte[] signedBytes(Request r) {
        return text(r.withoutSignature()).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder b, Request r) {
        b.append(r.type()).append(' ').append(r.module()).append(' ').append(VERSION).append('\n');
        for (Map.Entry<Header, String> e : r.headers().entrySet()) {
            b.append(e.getKey().wireName()).append(':').append(e.getValue()).append('\n');
        }
        b.append('\n');
        if (r.inner() != null) {
            write(b, r.inner());
        }
    }

    private static void write(StringBuilder b, Response r) {
        b.append(VERSION).append(' ').append(r.code()).append(' ').append(r.reason()).append('\n');
        if (r.request() != null) {
            b.append(ResponseReader.REQUEST).append(':').append(r.request()).append('\n');
        }
        if (r.module() != null) {
            b.append(ResponseReader.MODULE).append(':').append(r.module()).append('\n');
        }
        if (r.nonce() != null) {
            b.append(ResponseReader.NONCE).append(':').append(r.nonce()).append('\n');
        }
        b.append('\n');
        for (NodeEntry n : r.nodes()) {
            b.append(ResponseReader.NODE).append(' ').append(n.nodeId()).append(' ').append(n.code()).append(' ')
                    .append(n.reason()).append('\n');
            for (Map.Entry<String, String> e : n.info().entrySet()) {
                b.append(e.getKey()).append(':').append(e.getValue()).append('\n');
            }
            b.append('\n');
        }
    }

    /** The lines of a message (without their LFs), after the size, UTF-8 and character checks. */
    static String[] lines(byte[] bytes) throws NslpException {
        if (bytes == null || bytes.length == 0) {
            throw new NslpException("the message is empty", 0, null);
        }
        if (bytes.length > MAX_BYTES) {
            throw new NslpException("the message has " + bytes.length + " bytes, more than the " + MAX_BYTES
                    + " allowed", 0, null);
        }
        String text = utf8(bytes);
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                throw new NslpException("carriage return (CR) found: lines end with a single LF", line, null);
            } else if (Syntax.isControl(c)) {
                throw new NslpException(String.format("control character U+%04X is not allowed", (int) c), line, null);
            }
        }
        if (text.charAt(text.length() - 1) != '\n') {
            throw new NslpException("the message must end with a line feed and a blank line", line, null);
        }
        return text.substring(0, text.length() - 1).split("\n", -1);
    }

    private static String utf8(byte[] bytes) throws NslpException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new NslpException(String.format("byte 0x%02X at offset %d is not valid UTF-8", bytes[at] & 0xff, at),
                    line, null);
        }
        return out.flip().toString();
    }
}
