package org.netserv.topology.lldp;

/** Why a frame is not a discovery probe this codec reads. */
public enum LldpError {
    /** Shorter than an Ethernet header. */
    TRUNCATED,
    /** Another EtherType: not LLDP or BDDP at all. */
    NOT_A_PROBE,
    /** LLDP or BDDP EtherType with a destination address that kind of frame never uses. */
    WRONG_DESTINATION,
    /** A TLV's length runs past the end of the frame. */
    TLV_OVERRUN,
    /** The first three TLVs are not Chassis ID, Port ID and TTL in that order (802.1AB requires it). */
    MANDATORY_TLV_MISSING,
    /** The Chassis ID is not the locally-assigned {@code dpid:<16 hex digits>} this codec writes. */
    FOREIGN_CHASSIS_ID,
    /** The Port ID is not the locally-assigned unsigned decimal port number this codec writes. */
    FOREIGN_PORT_ID,
    /** The TTL TLV is not two bytes long. */
    BAD_TTL,
    /** A TLV that may appear once appears again, or a mandatory TLV appears after the first three. */
    DUPLICATE_TLV,
    /** Our organisational TLV with the wrong length. */
    BAD_TAG,
    /** A reserved TLV type (9 to 126), or an End TLV with a non-zero length. */
    BAD_TLV,
    /** The frame ends without an End of LLDPDU TLV. */
    NO_END
}
