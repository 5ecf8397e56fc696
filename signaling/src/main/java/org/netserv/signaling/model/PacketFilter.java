package org.netserv.signaling.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param bothDirections optional; true also selects the reply direction (sources and destinations
 *     swapped), so a module sees both halves of a conversation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PacketFilter(Protocol proto, Ipv4Prefix srcPrefix, Ipv4Prefix dstPrefix, Integer srcPort,
                           Integer dstPort, Boolean bothDirections) {

    public PacketFilter {
        if (proto == null) {
            throw new IllegalArgumentException("filter needs a proto (udp, tcp or icmp)");
        }
        checkPort("srcPort", srcPort, proto);
        checkPort("dstPort", dstPort, proto);
        bothDirections = Boolean.TRUE.equals(bothDirections) ? Boolean.TRUE : null; // absent when false
    }

    public PacketFilter(Protocol proto, Ipv4Prefix srcPrefix, Ipv4Prefix dstPrefix, Integer srcPort, Integer dstPort) {
        this(proto, srcPrefix, dstPrefix, srcPort, dstPort, null);
    }

    @JsonIgnore
    public boolean isBidirectional() {
        return bothDirections != null;
    }

    /** The same filter selecting the reply direction too ({@code both}) or not. */
    public PacketFilter withBothDirections(boolean both) {
        return new PacketFilter(proto, srcPrefix, dstPrefix, srcPort, dstPort, both);
    }

    /** The one-way filter of the reply direction: sources and destinations swapped. */
    public PacketFilter reversed() {
        return new PacketFilter(proto, dstPrefix, srcPrefix, dstPort, srcPort);
    }

    /** The one-way filters this one consists of: itself, and its reverse if it selects both directions. */
    public List<PacketFilter> oneWay() {
        PacketFilter forward = withBothDirections(false);
        return isBidirectional() ? List.of(forward, forward.reversed()) : List.of(forward);
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
        return matchesOneWay(ipProto, srcIp, dstIp, srcPortOf, dstPortOf)
                || (isBidirectional() && matchesOneWay(ipProto, dstIp, srcIp, dstPortOf, srcPortOf));
    }

    private boolean matchesOneWay(int ipProto, int srcIp, int dstIp, int srcPortOf, int dstPortOf) {
        return ipProto == proto.number
                && (srcPrefix == null || srcPrefix.contains(srcIp))
                && (dstPrefix == null || dstPrefix.contains(dstIp))
                && (srcPort == null || srcPort == srcPortOf)
                && (dstPort == null || dstPort == dstPortOf);
    }

    /** Whether some packet could match both filters. */
    public boolean overlaps(PacketFilter o) {
        for (PacketFilter a : oneWay()) {
            for (PacketFilter b : o.oneWay()) {
                if (a.overlapsOneWay(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean overlapsOneWay(PacketFilter o) {
        return proto == o.proto
                && (srcPrefix == null || o.srcPrefix == null || srcPrefix.overlaps(o.srcPrefix))
                && (dstPrefix == null || o.dstPrefix == null || dstPrefix.overlaps(o.dstPrefix))
                && (srcPort == null || o.srcPort == null || srcPort.equals(o.srcPort))
                && (dstPort == null || o.dstPort == null || dstPort.equals(o.dstPort));
    }

    /** The filter in libpcap syntax, e.g. {@code udp and dst port 5060 and dst net 192.0.2.0/24}. */
    public String toPcapExpression() {
        if (isBidirectional()) {
            return "(" + oneWay().get(0).toPcapExpression() + ") or (" + oneWay().get(1).toPcapExpression() + ")";
        }
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
