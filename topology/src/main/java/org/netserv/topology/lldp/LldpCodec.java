package org.netserv.topology.lldp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.netserv.topology.MacAddresses;

/**
 * Builds and reads the Ethernet frames a controller sends out of every switch port to discover links.
 *
 * <p>Layout (all fields big-endian; TLV header = 7-bit type, 9-bit length):
 * <pre>
 * dst MAC (6)  src MAC (6)  EtherType (2)        0x88cc to 01:80:c2:00:00:0e, or BDDP 0x8942 to broadcast
 * Chassis ID   type 1  subtype 7 (locally assigned)  "dpid:" + 16 lower-case hex digits of the datapath id
 * Port ID      type 2  subtype 7 (locally assigned)  the port number as unsigned decimal text ("1", "4294967294")
 * TTL          type 3  2 bytes, seconds
 * [our tag]    type 127  OUI (3) + subtype 1 + controller id (8) + sent-at (8)      optional
 * End          type 0  length 0
 * zero padding up to the 60-byte Ethernet minimum
 * </pre>
 * Text TLVs make the probes readable in {@code tcpdump -v}. The default OUI, 02:4e:53, has the
 * locally-administered bit set in the AAI quadrant, where IEEE assigns no OUI or CID, so it cannot clash
 * with a vendor's TLV; an operator may pass another.
 *
 * <p>Decoding is strict and total: any byte array gives either a probe or a {@link LldpParseResult.Refused}
 * naming the first problem, never an exception. LLDP is accepted at the three 802.1AB group addresses, BDDP
 * only at broadcast; the mandatory TLVs must come first and in order; optional 802.1AB TLVs (types 4 to 8)
 * and other organisations' TLVs are skipped; reserved types and anything after a missing End are refused.
 *
 * <pre>{@code
 * LldpCodec codec = new LldpCodec();
 * byte[] frame = codec.encode(LldpProbe.of(ProbeKind.LLDP, 0x0a0000000001L, 0x1L, 3, new ProbeTag(42, now)));
 * codec.decode(frame).probe();   // Optional[LldpProbe[kind=LLDP, ..., dpid=1, port=3, ...]]
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LldpCodec {
    /** The default OUI of our organisational TLV (locally administered, see the class comment). */
    public static final int DEFAULT_OUI = 0x024e53;
    /** The organisational subtype of the controller tag. */
    public static final int TAG_SUBTYPE = 1;
    /** The smallest Ethernet frame without its FCS; shorter probes are padded with zeros. */
    public static final int MIN_FRAME = 60;

    static final int TLV_END = 0;
    static final int TLV_CHASSIS_ID = 1;
    static final int TLV_PORT_ID = 2;
    static final int TLV_TTL = 3;
    static final int TLV_ORGANISATIONAL = 127;
    static final int SUBTYPE_LOCAL = 7;
    static final String DPID_PREFIX = "dpid:";
    static final int TAG_LENGTH = 3 + 1 + 8 + 8;

    private static final int ETH_HEADER = 14;
    private static final long NON_TPMR_BRIDGE = 0x0180c2000003L;
    private static final long CUSTOMER_BRIDGE = 0x0180c2000000L;
    private static final HexFormat HEX = HexFormat.of();

    private final int oui;

    /** A codec whose tag carries {@link #DEFAULT_OUI}. */
    public LldpCodec() {
        this(DEFAULT_OUI);
    }

    /** A codec whose tag carries {@code oui} (24 bits). */
    public LldpCodec(int oui) {
        if ((oui & ~0xffffff) != 0) {
            throw new IllegalArgumentException("an OUI has 24 bits: " + Integer.toHexString(oui));
        }
        this.oui = oui;
    }

    /** The frame for {@code probe}, padded to {@link #MIN_FRAME} bytes. */
    public byte[] encode(LldpProbe probe) {
        byte[] chassis = (DPID_PREFIX + HEX.toHexDigits(probe.dpid())).getBytes(StandardCharsets.US_ASCII);
        byte[] port = Integer.toUnsignedString(probe.port()).getBytes(StandardCharsets.US_ASCII);
        int length = ETH_HEADER + (2 + 1 + chassis.length) + (2 + 1 + port.length) + (2 + 2)
                + (probe.tag().isPresent() ? 2 + TAG_LENGTH : 0) + 2;
        ByteBuffer b = ByteBuffer.allocate(Math.max(length, MIN_FRAME));
        putMac(b, probe.kind().destination());
        putMac(b, probe.srcMac());
        b.putShort((short) probe.kind().etherType());
        putTlvHeader(b, TLV_CHASSIS_ID, 1 + chassis.length);
        b.put((byte) SUBTYPE_LOCAL).put(chassis);
        putTlvHeader(b, TLV_PORT_ID, 1 + port.length);
        b.put((byte) SUBTYPE_LOCAL).put(port);
        putTlvHeader(b, TLV_TTL, 2);
        b.putShort((short) probe.ttlSeconds());
        if (probe.tag().isPresent()) {
            ProbeTag tag = probe.tag().get();
            putTlvHeader(b, TLV_ORGANISATIONAL, TAG_LENGTH);
            b.put((byte) (oui >>> 16)).put((byte) (oui >>> 8)).put((byte) oui).put((byte) TAG_SUBTYPE);
            b.putLong(tag.controllerId()).putLong(tag.sentAt());
        }
        putTlvHeader(b, TLV_END, 0);
        return b.array();
    }

    /** Reads a whole frame; see {@link #decode(byte[], int, int)}. A null array is {@code TRUNCATED}. */
    public LldpParseResult decode(byte[] frame) {
        return frame == null ? refuse(LldpError.TRUNCATED, "no frame") : decode(frame, 0, frame.length);
    }

    /**
     * Reads the frame in {@code frame[offset, offset + length)}: a probe or the reason it is none.
     *
     * @throws IndexOutOfBoundsException only when offset and length do not lie inside the array
     */
    public LldpParseResult decode(byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        return new Reader(frame, offset, offset + length).read();
    }

    /** The OUI this codec writes in, and recognises as its own in, the organisational TLV. */
    public int oui() {
        return oui;
    }

    private static void putMac(ByteBuffer b, long mac) {
        b.putShort((short) (mac >>> 32)).putInt((int) mac);
    }

    private static void putTlvHeader(ByteBuffer b, int type, int length) {
        b.putShort((short) (type << 9 | length));
    }

    static LldpParseResult refuse(LldpError error, String detail) {
        return new LldpParseResult.Refused(error, detail);
    }

    /** One pass over one frame; every read is bounds-checked against {@code end} first. */
    private final class Reader {
        private final byte[] f;
        private final int start;
        private final int end;

        Reader(byte[] f, int start, int end) {
            this.f = f;
            this.start = start;
            this.end = end;
        }

        LldpParseResult read() {
            if (end - start < ETH_HEADER) {
                return refuse(LldpError.TRUNCATED, "frame of " + (end - start) + " bytes");
            }
            long dst = u48(start);
            long src = u48(start + 6);
            int etherType = u16(start + 12);
            ProbeKind kind;
            if (etherType == ProbeKind.LLDP.etherType()) {
                kind = ProbeKind.LLDP;
                if (dst != ProbeKind.LLDP.destination() && dst != NON_TPMR_BRIDGE && dst != CUSTOMER_BRIDGE) {
                    return refuse(LldpError.WRONG_DESTINATION, "LLDP to " + MacAddresses.toString(dst));
                }
            } else if (etherType == ProbeKind.BDDP.etherType()) {
                kind = ProbeKind.BDDP;
                if (dst != ProbeKind.BDDP.destination()) {
                    return refuse(LldpError.WRONG_DESTINATION, "BDDP to " + MacAddresses.toString(dst));
                }
            } else {
                return refuse(LldpError.NOT_A_PROBE, String.format("EtherType 0x%04x", etherType));
            }
            return readTlvs(kind, src);
        }

        private LldpParseResult readTlvs(ProbeKind kind, long src) {
            long dpid = 0;
            int port = 0;
            int ttl = 0;
            ProbeTag tag = null;
            int pos = start + ETH_HEADER;
            for (int index = 0; ; index++) {
                if (end - pos < 2) {
                    return refuse(LldpError.NO_END, "frame ends at TLV " + index + " without End of LLDPDU");
                }
                int type = u16(pos) >>> 9;
                int len = u16(pos) & 0x1ff;
                int value = pos + 2;
                if (len > end - value) {
                    return refuse(LldpError.TLV_OVERRUN,
                            "TLV " + index + " (type " + type + ") of " + len + " bytes, " + (end - value) + " left");
                }
                pos = value + len;
                if (index < 3 && type != TLV_CHASSIS_ID + index) {
                    return refuse(LldpError.MANDATORY_TLV_MISSING, "TLV " + index + " has type " + type
                            + ", expected " + (TLV_CHASSIS_ID + index) + " (Chassis ID, Port ID, TTL come first)");
                }
                switch (type) {
                    case TLV_END:
                        if (len != 0) {
                            return refuse(LldpError.BAD_TLV, "End of LLDPDU of length " + len);
                        }
                        return new LldpParseResult.Parsed(
                                new LldpProbe(kind, src, dpid, port, ttl, Optional.ofNullable(tag)));
                    case TLV_CHASSIS_ID:
                    case TLV_PORT_ID:
                    case TLV_TTL:
                        if (index >= 3) {
                            return refuse(LldpError.DUPLICATE_TLV, "TLV " + index + " repeats type " + type);
                        }
                        break;
                    case TLV_ORGANISATIONAL:
                        if (isOurs(value, len)) {
                            if (tag != null) {
                                return refuse(LldpError.DUPLICATE_TLV, "second controller tag at TLV " + index);
                            }
                            if (len != TAG_LENGTH) {
                                return refuse(LldpError.BAD_TAG,
                                        "controller tag of " + len + " bytes, expected " + TAG_LENGTH);
                            }
                            tag = new ProbeTag(u64(value + 4), u64(value + 12));
                        }
                        break;
                    default:
                        if (type > 8) {
                            return refuse(LldpError.BAD_TLV, "reserved TLV type " + type + " at TLV " + index);
                        }
                        break; // 802.1AB optional TLVs 4-8: skipped
                }
                if (index == 0) {
                    OptionalLong d = chassis(value, len);
                    if (d.isEmpty()) {
                        return refuse(LldpError.FOREIGN_CHASSIS_ID, "Chassis ID " + describe(value, len));
                    }
                    dpid = d.getAsLong();
                } else if (index == 1) {
                    long p = portId(value, len);
                    if (p < 0) {
                        return refuse(LldpError.FOREIGN_PORT_ID, "Port ID " + describe(value, len));
                    }
                    port = (int) p;
                } else if (index == 2) {
                    if (len != 2) {
                        return refuse(LldpError.BAD_TTL, "TTL of " + len + " bytes");
                    }
                    ttl = u16(value);
                }
            }
        }

        private boolean isOurs(int value, int len) {
            return len >= 4 && ((u16(value) << 8) | (f[value + 2] & 0xff)) == oui
                    && (f[value + 3] & 0xff) == TAG_SUBTYPE;
        }

        /** The datapath id of a {@code dpid:<16 hex digits>} Chassis ID, or empty when it is not one. */
        private OptionalLong chassis(int value, int len) {
            int digits = len - 1 - DPID_PREFIX.length();
            if (digits != 16 || (f[value] & 0xff) != SUBTYPE_LOCAL) {
                return OptionalLong.empty();
            }
            String text = new String(f, value + 1, len - 1, StandardCharsets.ISO_8859_1);
            String hex = text.substring(DPID_PREFIX.length());
            if (!text.startsWith(DPID_PREFIX) || !hex.chars().allMatch(HexFormat::isHexDigit)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(HexFormat.fromHexDigitsToLong(hex));
        }

        /** The unsigned decimal port number, or -1 when the TLV is not one. */
        private long portId(int value, int len) {
            int digits = len - 1;
            if (len < 2 || (f[value] & 0xff) != SUBTYPE_LOCAL || digits > 10
                    || (digits > 1 && f[value + 1] == '0')) {
                return -1;
            }
            long n = 0;
            for (int i = value + 1; i < value + len; i++) {
                if (f[i] < '0' || f[i] > '9') {
                    return -1;
                }
                n = n * 10 + (f[i] - '0');
            }
            return n <= 0xffffffffL ? n : -1;
        }

        private String describe(int value, int len) {
            return len < 1 ? "empty" : "subtype " + (f[value] & 0xff) + ", " + (len - 1) + " bytes";
        }

        private int u16(int at) {
            return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
        }

        private long u48(int at) {
            return (long) u16(at) << 32 | (u32(at + 2) & 0xffffffffL);
        }

        private int u32(int at) {
            return u16(at) << 16 | u16(at + 2);
        }

        private long u64(int at) {
            return (long) u32(at) << 32 | (u32(at + 4) & 0xffffffffL);
        }
    }

}
