package org.netserv.ofc.steering.nx;

/**
 * The NXM fields that our Nicira actions name, with the 32-bit headers Open vSwitch uses for them in
 * NXAST_REG_LOAD and NXAST_LEARN. Loxi's {@code MatchField} only knows OXM match encoding; learn specs and
 * register loads carry raw NXM headers, so they are spelled out here.
 *
 * <p>A header is {@code class << 16 | field << 9 | hasmask << 8 | length in bytes} (OVS
 * {@code include/openflow/nicira-ext.h}, {@code NXM_HEADER}). The L2-L4 fields are in the {@code NXM_OF_*}
 * class 0x0000, the registers in {@code NXM_NX_*} class 0x0001; none is masked. {@link #ovsName()} is the
 * name {@code ovs-ofctl} prints for the field.
 */
public enum NxField {
    ETH_TYPE(0x0000, 3, 2, "NXM_OF_ETH_TYPE"),
    IP_PROTO(0x0000, 6, 1, "NXM_OF_IP_PROTO"),
    IPV4_SRC(0x0000, 7, 4, "NXM_OF_IP_SRC"),
    IPV4_DST(0x0000, 8, 4, "NXM_OF_IP_DST"),
    TCP_SRC(0x0000, 9, 2, "NXM_OF_TCP_SRC"),
    TCP_DST(0x0000, 10, 2, "NXM_OF_TCP_DST"),
    UDP_SRC(0x0000, 11, 2, "NXM_OF_UDP_SRC"),
    UDP_DST(0x0000, 12, 2, "NXM_OF_UDP_DST"),
    REG0(0x0001, 0, 4, "NXM_NX_REG0");

    private final int header;
    private final int nBits;
    private final String ovsName;

    NxField(int nxmClass, int field, int lengthBytes, String ovsName) {
        this.header = nxmClass << 16 | field << 9 | lengthBytes;
        this.nBits = lengthBytes * 8;
        this.ovsName = ovsName;
    }

    /** The NXM header, unmasked: class, field, hasmask 0, payload length. */
    public int header() {
        return header;
    }

    /** The field's width in bits. */
    public int nBits() {
        return nBits;
    }

    public String ovsName() {
        return ovsName;
    }

    /**
     * The immediate match a learned flow must already have before it can match this field (OVS checks
     * specs in order and only counts immediate values): {@code eth_type=0x800} for IPv4 fields,
     * {@code nw_proto=6} or {@code 17} for ports; {@code null} for none.
     */
    NxLearnSpec.MatchValue prerequisite() {
        return switch (this) {
            case IP_PROTO, IPV4_SRC, IPV4_DST -> new NxLearnSpec.MatchValue(ETH_TYPE, 0x0800);
            case TCP_SRC, TCP_DST -> new NxLearnSpec.MatchValue(IP_PROTO, 6);
            case UDP_SRC, UDP_DST -> new NxLearnSpec.MatchValue(IP_PROTO, 17);
            case ETH_TYPE, REG0 -> null;
        };
    }

    /** Whether {@code value}, taken unsigned, fits in {@code nBits} bits. */
    static boolean fits(long value, int nBits) {
        return nBits >= 64 || value >>> nBits == 0;
    }

    /** Throws unless bits [ofs, ofs + nBits) lie inside this field. */
    void checkSubfield(int ofs, int nBits) {
        if (ofs < 0 || nBits < 1 || ofs + nBits > this.nBits) {
            throw new IllegalArgumentException(
                    ovsName + " has " + this.nBits + " bits: no bits [" + ofs + ", " + (ofs + nBits) + ")");
        }
    }

    /** The subfield as {@code ovs-ofctl} writes it: {@code NXM_NX_REG0[0..15]}, {@code [3]} or {@code []} for all. */
    String subfield(int ofs, int nBits) {
        if (ofs == 0 && nBits == this.nBits) {
            return ovsName + "[]";
        }
        return nBits == 1 ? ovsName + "[" + ofs + "]" : ovsName + "[" + ofs + ".." + (ofs + nBits - 1) + "]";
    }
}
