package org.netserv.topology.lldp;

/** The two frames a controller sends out of each switch port to discover links. */
public enum ProbeKind {
    /**
     * LLDP (IEEE 802.1AB): EtherType 0x88cc to the nearest-bridge group address 01:80:c2:00:00:0e, which
     * 802.1D bridges never forward: a probe that arrives shows a direct link.
     */
    LLDP(0x88cc, 0x0180c200000eL),
    /**
     * BDDP (Floodlight's broadcast discovery): the same TLVs with EtherType 0x8942 to ff:ff:ff:ff:ff:ff,
     * which ordinary bridges flood: a probe that arrives only this way crossed switches outside the
     * controller's reach.
     */
    BDDP(0x8942, 0xffffffffffffL);

    private final int etherType;
    private final long destination;

    ProbeKind(int etherType, long destination) {
        this.etherType = etherType;
        this.destination = destination;
    }

    /** The frame's EtherType. */
    public int etherType() {
        return etherType;
    }

    /** The destination MAC address (48 bits in a long) the codec writes. */
    public long destination() {
        return destination;
    }
}
