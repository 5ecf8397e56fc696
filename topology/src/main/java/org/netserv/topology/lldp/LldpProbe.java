package org.netserv.topology.lldp;

import java.util.Objects;
import java.util.Optional;

/**
 * The content of one discovery probe: which switch port sent it, as the Chassis ID and Port ID TLVs say.
 *
 * <pre>{@code
 * LldpProbe p = LldpProbe.of(ProbeKind.LLDP, portMac, dpid, port, new ProbeTag(controllerId, now));
 * byte[] frame = new LldpCodec().encode(p);      // PacketOut this out of dpid/port
 * }</pre>
 *
 * @param kind LLDP or BDDP (EtherType and destination)
 * @param srcMac the source MAC address (48 bits; the sending port's address is customary)
 * @param dpid the sending switch, from the Chassis ID TLV
 * @param port the sending port, from the Port ID TLV (unsigned 32 bits)
 * @param ttlSeconds the Time To Live TLV, 0 to 65535
 * @param tag the controller's organisational TLV, when present
 */
public record LldpProbe(ProbeKind kind, long srcMac, long dpid, int port, int ttlSeconds, Optional<ProbeTag> tag) {
    /** The TTL the codec's callers use when they have no reason to pick another (802.1AB's default). */
    public static final int DEFAULT_TTL_SECONDS = 120;

    public LldpProbe {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tag, "tag");
        if ((srcMac & ~0xffffffffffffL) != 0) {
            throw new IllegalArgumentException("srcMac must fit in 48 bits: " + Long.toHexString(srcMac));
        }
        if (ttlSeconds < 0 || ttlSeconds > 0xffff) {
            throw new IllegalArgumentException("ttlSeconds must be 0-65535, got " + ttlSeconds);
        }
    }

    /** A probe with the default TTL and the controller's tag. */
    public static LldpProbe of(ProbeKind kind, long srcMac, long dpid, int port, ProbeTag tag) {
        return new LldpProbe(kind, srcMac, dpid, port, DEFAULT_TTL_SECONDS, Optional.of(tag));
    }
}
