package org.netserv.signaling.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * Which packets a module wants, as the thesis' SETUP header says it (filter-proto, filter-port) plus IP
 * prefixes: {@code {"proto": "udp", "dstPort": 5060, "dstPrefix": "192.0.2.0/24"}}. Absent fields match
 * anything. One model for SETUP headers, REST bodies, the sidecar's kernel filters and (later) FlowMods.
 *
 * @param proto required
 * @param srcPrefix optional source prefix
 * @param dstPrefix optional destination prefix
 * @param srcPort optional, only with UDP or TCP
 * @param dstPort optional, only with UDP or TCP
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PacketFilter(Protocol proto, Ipv4Prefix srcPrefix, Ipv4Prefix dstPrefix, Integer srcPort,
                           Integer dstPort) {

    public PacketFilter {
        if (proto == null) {
            throw new IllegalArgumentException("filter needs a proto (udp, tcp or icmp)");
        }
        checkPort("srcPort", srcPort, proto);
        checkPort("dstPort", dstPort, proto);
    }

    public static PacketFilter of(Protocol proto, Integer dstPort) {
        return new PacketFilter(proto, null, null, null, dstPort);
    }

    private static void checkPort(String name, Integer port, Protocol proto) {
        if (port == null) {
            return;
        }
        if (!proto.hasPorts()) {
            throw new IllegalArgumentException(name + " makes no sense with proto " + proto);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1-65535, got " + port);
        }
    }

    /**
     * Whether a packet with these header values matches. Ports are -1 when the packet has none.
     *
     * @param ipProto the IP protocol number, -1 for a non-IPv4 frame
     */
    public boolean matches(int ipProto, int srcIp, int dstIp, int srcPortOf, int dstPortOf) {
        return ipProto == proto.number
                && (srcPrefix == null || srcPrefix.contains(srcIp))
                && (dstPrefix == null || dstPrefix.contains(dstIp))
                && (srcPort == null || srcPort == srcPortOf)
                && (dstPort == null || dstPort == dstPortOf);
    }

    /** Whether some packet could match both filters. */
    public boolean overlaps(PacketFilter o) {
        return proto == o.proto
                && (srcPrefix == null || o.srcPrefix == null || srcPrefix.overlaps(o.srcPrefix))
                && (dstPrefix == null || o.dstPrefix == null || dstPrefix.overlaps(o.dstPrefix))
                && (srcPort == null || o.srcPort == null || srcPort.equals(o.srcPort))
                && (dstPort == null || o.dstPort == null || dstPort.equals(o.dstPort));
    }

    /** The filter in libpcap syntax, e.g. {@code udp and dst port 5060 and dst net 192.0.2.0/24}. */
    public String toPcapExpression() {
        List<String> parts = new ArrayList<>();
        parts.add(proto.toString());
        if (srcPrefix != null) {
            parts.add("src net " + srcPrefix);
        }
        if (dstPrefix != null) {
            parts.add("dst net " + dstPrefix);
        }
        if (srcPort != null) {
            parts.add("src port " + srcPort);
        }
        if (dstPort != null) {
            parts.add("dst port " + dstPort);
        }
        return String.join(" and ", parts);
    }

    @Override
    public String toString() {
        return toPcapExpression();
    }
}
