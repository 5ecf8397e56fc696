package org.netserv.signaling.gist;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GIST datagram-mode encapsulation of NetServ NSLP messages (RFC 5971 Appendix A), strict both ways.
 *
 * <pre>
 * [magic 0x4e04bda5]                       Q-mode only (C flag set)
 * version 1 | GIST hops | length in 32-bit words after this 8-byte header
 * NSLPID 32704 | C, type 3 (Data) | S, R, E flags
 * object Message-Routing-Information (type 0): path-coupled, IPv4
 * object Session-Identification (type 1): 128 bits
 * object route record (type 2000, private, AB=10 "forward"): the hops the request passed
 * object NSLP-Data (type 8): the NSLP message, zero-padded to 32 bits
 * </pre>
 *
 * Each object: A, B, 2 reserved bits, 12-bit type, 4 reserved bits, 12-bit length in 32-bit words. The
 * decoder ignores reserved bits (as RFC 5971 says), skips unknown objects marked AB=01 ("ignore") and
 * refuses everything else it does not implement with a {@link GistException} naming the byte offset; no
 * other exception escapes. A canonical datagram decodes and encodes back to the same bytes.
 *
 * <pre>{@code
 * GistMessage m = GistCodec.decode(udpPayload);               // throws GistException
 * NslpMessage nslp = NslpCodec.decode(m.nslpData());
 * byte[] out = GistCodec.encode(m.forwardedBy(me));
 * }</pre>
 */
public final class GistCodec {
    private GistCodec() {}

    /** GIST's UDP port (IANA). */
    public static final int PORT = 270;
    public static final int VERSION = 1;
    /** NetServ's NSLP id, the first of RFC 5971's Private/Experimental range 32704-32767. */
    public static final int NSLPID = 32704;
    /** Precedes the common header of Q-mode messages. */
    public static final int MAGIC = 0x4e04bda5;
    /** GIST message type Data. */
    public static final int TYPE_DATA = 3;
    public static final int OBJ_MRI = 0;
    public static final int OBJ_SESSION_ID = 1;
    public static final int OBJ_NSLP_DATA = 8;
    /** The route record, from RFC 5971's Private/Experimental object types 2000-2047. */
    public static final int OBJ_ROUTE_RECORD = 2000;
    public static final int MAX_NSLP_BYTES = 8192;
    /** The largest datagram encoded or accepted. */
    public static final int MAX_DATAGRAM = 16384;

    private static final String[] MESSAGE_TYPES = {"Query", "Response", "Confirm", "Data", "Error", "MA-Hello"};
    private static final String[] OBJECT_NAMES = {"Message-Routing-Information", "Session-Identification",
        "Network-Layer-Information", "Stack-Proposal", "Stack-Configuration-Data", "Query-Cookie", "Responder-Cookie",
        "NAT-Traversal", "NSLP-Data", "Error", "Hop-Count"};

    /** The datagram payload of {@code m}. */
    public static byte[] encode(GistMessage m) {
        byte[] mri = mri(m.mri());
        byte[] route = route(m.route());
        byte[] nslp = m.nslpData();
        int nslpWords = (nslp.length + 3) / 4;
        int bodyWords = 1 + mri.length / 4 + 1 + 4 + 1 + route.length / 4 + 1 + nslpWords;
        ByteBuffer b = ByteBuffer.allocate((m.queryMode() ? 4 : 0) + 8 + bodyWords * 4);
        if (m.queryMode()) {
            b.putInt(MAGIC);
        }
        b.put((byte) VERSION).put((byte) m.hops()).putShort((short) bodyWords);
        b.putShort((short) NSLPID).put((byte) ((m.queryMode() ? 0x80 : 0) | TYPE_DATA))
                .put((byte) ((m.sameSource() ? 0x80 : 0) | (m.replyRequested() ? 0x40 : 0)));
        objectHeader(b, 0, OBJ_MRI, mri.length / 4).put(mri);
        objectHeader(b, 0, OBJ_SESSION_ID, 4).putLong(m.session().high()).putLong(m.session().low());
        objectHeader(b, 2, OBJ_ROUTE_RECORD, route.length / 4).put(route);
        objectHeader(b, 0, OBJ_NSLP_DATA, nslpWords).put(nslp);
        return b.array(); // the padding is still zero
    }

    private static ByteBuffer objectHeader(ByteBuffer b, int ab, int type, int words) {
        return b.putInt(ab << 30 | type << 16 | words);
    }

    private static byte[] mri(Mri m) {
        boolean ports = m.sourcePort() != null || m.destinationPort() != null;
        ByteBuffer b = ByteBuffer.allocate(ports ? 20 : 16);
        b.put((byte) 0).put((byte) (m.nat() ? 0x80 : 0));
        int flags = 4 << 12 | (m.protocol() != null ? 1 << 11 : 0) | (m.sourcePort() != null ? 1 << 7 : 0)
                | (m.destinationPort() != null ? 1 << 6 : 0) | (m.upstream() ? 1 << 5 : 0);
        b.putShort((short) flags).put(m.source().getAddress()).put(m.destination().getAddress());
        b.put((byte) m.sourcePrefix()).put((byte) m.destinationPrefix())
                .put((byte) (m.protocol() == null ? 0 : m.protocol())).put((byte) 0);
        if (ports) {
            b.putShort((short) (m.sourcePort() == null ? 0 : m.sourcePort()))
                    .putShort((short) (m.destinationPort() == null ? 0 : m.destinationPort()));
        }
        return b.array();
    }

    private static byte[] route(RouteRecord r) {
        int len = 4 + r.hops().stream().mapToInt(RouteHop::wireLength).sum();
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put((byte) r.hops().size()).put(new byte[3]);
        for (RouteHop h : r.hops()) {
            byte[] id = h.id().getBytes(StandardCharsets.US_ASCII);
            int start = b.position();
            b.put(h.address().getAddress()).putShort((short) h.port()).put((byte) id.length).put(id);
            b.position(start + h.wireLength());
        }
        return b.array();
    }

    /** Reads a whole datagram payload. */
    public static GistMessage decode(byte[] datagram) throws GistException {
        return decode(datagram, 0, datagram.length);
    }

    /** Reads {@code length} bytes of {@code buf} from {@code offset}. */
    public static GistMessage decode(byte[] buf, int offset, int length) throws GistException {
        if (length > MAX_DATAGRAM) {
            throw new GistException("the datagram has " + length + " bytes, more than the " + MAX_DATAGRAM + " allowed");
        }
        ByteBuffer b = ByteBuffer.wrap(buf, offset, length).slice();
        boolean magic = b.remaining() >= 4 && b.getInt(0) == MAGIC;
        if (magic) {
            b.position(4);
        }
        if (b.remaining() < 8) {
            throw new GistException("the datagram has " + length + " bytes, too short for the GIST common header ("
                    + (magic ? 12 : 8) + " bytes)");
        }
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new GistException("GIST version " + version + " is not supported (only 1)");
        }
        int hops = b.get() & 0xff;
        int words = b.getShort() & 0xffff;
        int nslpId = b.getShort() & 0xffff;
        int typeByte = b.get() & 0xff;
        int flags = b.get() & 0xff;
        if (words * 4 != b.remaining()) {
            throw new GistException("the common header says " + words * 4 + " bytes of objects, the datagram has "
                    + b.remaining());
        }
        if (hops == 0) {
            throw new GistException("GIST hops is 0: the message should have been dropped");
        }
        if (nslpId != NSLPID) {
            throw new GistException("NSLPID " + nslpId + " is not NetServ's (" + NSLPID + ")");
        }
        boolean cFlag = (typeByte & 0x80) != 0;
        if (cFlag != magic) {
            throw new GistException(cFlag ? "the C flag is set but the magic number is missing"
                    : "the magic number is present but the C flag is clear");
        }
        int type = typeByte & 0x7f;
        if (type != TYPE_DATA) {
            throw new GistException("GIST message type " + type + " (" + (type < MESSAGE_TYPES.length
                    ? MESSAGE_TYPES[type] : "unknown") + ") is not supported: NetServ sends Data messages only");
        }
        if ((flags & 0x20) != 0) {
            throw new GistException("explicitly routed messages (E flag) are not supported");
        }
        return new ObjectReader(b).read(hops, magic, (flags & 0x80) != 0, (flags & 0x40) != 0);
    }

    static String objectName(int type) {
        if (type < OBJECT_NAMES.length) {
            return OBJECT_NAMES[type];
        }
        return type == OBJ_ROUTE_RECORD ? "route record" : "type " + type;
    }

    /** Reads the objects after the common header. */
    private static final class ObjectReader {
        private final ByteBuffer b;

        ObjectReader(ByteBuffer b) {
            this.b = b;
        }

        GistMessage read(int hops, boolean magic, boolean s, boolean r) throws GistException {
            Mri mri = null;
            SessionId session = null;
            RouteRecord route = null;
            byte[] nslp = null;
            int rank = -1;
            while (b.hasRemaining()) {
                int at = b.position();
                if (b.remaining() < 4) {
                    throw new GistException("byte " + at + ": " + b.remaining() + " bytes left, too few for an object header");
                }
                int header = b.getInt();
                int ab = header >>> 30;
                int type = header >>> 16 & 0xfff;
                int len = (header & 0xfff) * 4;
                if (len > b.remaining()) {
                    throw new GistException(where(at, type) + "its length (" + len + " bytes) runs past the end");
                }
                ByteBuffer v = b.slice(b.position(), len);
                b.position(b.position() + len);
                int myRank = switch (type) {
                    case OBJ_MRI -> 0;
                    case OBJ_SESSION_ID -> 1;
                    case OBJ_ROUTE_RECORD -> 2;
                    case OBJ_NSLP_DATA -> 3;
                    default -> -1;
                };
                if (myRank < 0) {
                    if (ab == 1 && type >= OBJECT_NAMES.length) {
                        continue; // unknown, "ignore": RFC 5971 A.2.1
                    }
                    throw new GistException(where(at, type) + "not supported by NetServ (see docs/signaling.md)");
                }
                if (myRank <= rank) {
                    throw new GistException(where(at, type) + "out of place or repeated (the order is "
                            + "Message-Routing-Information, Session-Identification, route record, NSLP-Data)");
                }
                rank = myRank;
                switch (type) {
                    case OBJ_MRI -> mri = mri(v, at);
                    case OBJ_SESSION_ID -> session = session(v, at);
                    case OBJ_ROUTE_RECORD -> route = route(v, at);
                    default -> nslp = nslp(v, at);
                }
            }
            String missing = mri == null ? "Message-Routing-Information" : session == null ? "Session-Identification"
                    : route == null ? "route record" : nslp == null ? "NSLP-Data" : null;
            if (missing != null) {
                throw new GistException("the " + missing + " object is missing");
            }
            return new GistMessage(hops, magic, s, r, mri, session, route, nslp);
        }

        private static String where(int at, int type) {
            return "object " + objectName(type) + " at byte " + at + ": ";
        }

        private Mri mri(ByteBuffer v, int at) throws GistException {
            if (v.remaining() < 16) {
                throw new GistException(where(at, OBJ_MRI) + v.remaining() + " bytes, a path-coupled IPv4 MRI has at least 16");
            }
            int mrm = v.get() & 0xff;
            if (mrm != 0) {
                throw new GistException(where(at, OBJ_MRI) + "message routing method " + mrm
                        + " is not supported (only 0, path-coupled)");
            }
            boolean nat = (v.get() & 0x80) != 0;
            int flags = v.getShort() & 0xffff;
            int ipVersion = flags >>> 12;
            if (ipVersion != 4) {
                throw new GistException(where(at, OBJ_MRI) + "IP version " + ipVersion + " is not supported (only 4)");
            }
            if ((flags & 0x0700) != 0) {
                throw new GistException(where(at, OBJ_MRI) + "the T, F and S flags (DS field, flow label, SPI) are not supported");
            }
            boolean p = (flags & 0x0800) != 0;
            boolean a = (flags & 0x80) != 0;
            boolean bFlag = (flags & 0x40) != 0;
            boolean d = (flags & 0x20) != 0;
            int expected = a || bFlag ? 20 : 16;
            if (v.remaining() + 4 != expected) {
                throw new GistException(where(at, OBJ_MRI) + (v.remaining() + 4) + " bytes, its flags need " + expected);
            }
            Inet4Address src = address(v);
            Inet4Address dst = address(v);
            int srcPrefix = v.get() & 0xff;
            int dstPrefix = v.get() & 0xff;
            int protocol = v.get() & 0xff;
            v.get(); // DS field (T flag clear) and reserved bits
            if (srcPrefix > 32 || dstPrefix > 32) {
                throw new GistException(where(at, OBJ_MRI) + "prefix lengths are 0-32, got " + srcPrefix + " and " + dstPrefix);
            }
            Integer srcPort = null;
            Integer dstPort = null;
            if (a || bFlag) {
                int sp = v.getShort() & 0xffff;
                int dp = v.getShort() & 0xffff;
                srcPort = a ? sp : null;
                dstPort = bFlag ? dp : null;
            }
            return new Mri(src, dst, srcPrefix, dstPrefix, p ? protocol : null, srcPort, dstPort, d, nat);
        }

        private SessionId session(ByteBuffer v, int at) throws GistException {
            if (v.remaining() != 16) {
                throw new GistException(where(at, OBJ_SESSION_ID) + v.remaining() + " bytes, a session id has 16");
            }
            return new SessionId(v.getLong(), v.getLong());
        }

        private RouteRecord route(ByteBuffer v, int at) throws GistException {
            if (v.remaining() < 4) {
                throw new GistException(where(at, OBJ_ROUTE_RECORD) + "empty");
            }
            int count = v.get() & 0xff;
            v.position(4);
            if (count < 1 || count > RouteRecord.MAX_HOPS) {
                throw new GistException(where(at, OBJ_ROUTE_RECORD) + count + " hops, 1-" + RouteRecord.MAX_HOPS
                        + " allowed (the origin first)");
            }
            List<RouteHop> hops = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (v.remaining() < 8) {
                    throw new GistException(where(at, OBJ_ROUTE_RECORD) + "hop " + i + " is cut short");
                }
                int start = v.position();
                Inet4Address addr = address(v);
                int port = v.getShort() & 0xffff;
                int idLength = v.get() & 0xff;
                if (idLength > v.remaining()) {
                    throw new GistException(where(at, OBJ_ROUTE_RECORD) + "the id of hop " + i + " runs past the end");
                }
                byte[] id = new byte[idLength];
                v.get(id);
                String text = new String(id, StandardCharsets.ISO_8859_1);
                if (!RouteHop.validId(text)) {
                    throw new GistException(where(at, OBJ_ROUTE_RECORD) + "the id of hop " + i
                            + " is not 1-64 of A-Z, a-z, 0-9, ':', '.', '/', '_', '-'");
                }
                RouteHop hop = new RouteHop(addr, port, text);
                int end = start + hop.wireLength();
                if (end > v.limit()) {
                    throw new GistException(where(at, OBJ_ROUTE_RECORD) + "hop " + i + " lacks its padding");
                }
                v.position(end);
                hops.add(hop);
            }
            if (v.hasRemaining()) {
                throw new GistException(where(at, OBJ_ROUTE_RECORD) + v.remaining() + " bytes after the last hop");
            }
            return new RouteRecord(hops);
        }

        private byte[] nslp(ByteBuffer v, int at) throws GistException {
            int n = v.remaining();
            while (n > 0 && v.get(n - 1) == 0) {
                n--;
            }
            if (v.remaining() - n > 3) {
                throw new GistException(where(at, OBJ_NSLP_DATA) + (v.remaining() - n)
                        + " zero bytes at the end: padding is at most 3");
            }
            if (n == 0) {
                throw new GistException(where(at, OBJ_NSLP_DATA) + "empty");
            }
            if (n > MAX_NSLP_BYTES) {
                throw new GistException(where(at, OBJ_NSLP_DATA) + n + " bytes, more than the " + MAX_NSLP_BYTES + " allowed");
            }
            byte[] data = new byte[n];
            v.get(0, data);
            return data;
        }

        private static Inet4Address address(ByteBuffer v) {
            byte[] a = new byte[4];
            v.get(a);
            try {
                return (Inet4Address) InetAddress.getByAddress(a);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 bytes are always an IPv4 address", e);
            }
        }
    }
}
