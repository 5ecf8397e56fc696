package org.netserv.ofc.steering;

import java.util.ArrayList;
import java.util.List;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.switches.SwitchApproaches;
import org.netserv.ofc.steering.nx.NxField;
import org.netserv.ofc.steering.nx.NxLearn;
import org.netserv.ofc.steering.nx.NxOutputReg;
import org.netserv.ofc.steering.nx.NxBundleLoad;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * The switch state that steers one module, free of I/O (docs/steering.md has the picture):
 * <ul>
 *   <li>classify (table 0): the module's filter (and its reverse in symmetric mode) tags the packet with
 *       the module's number in the metadata and continues in the affinity table; with no sidecar left and
 *       a fail-open policy it continues to forwarding instead, untouched.</li>
 *   <li>affinity (table 2): learned pins send each known flow to its sidecar; the module's chooser sends
 *       packets of flows not pinned yet on to the learn table.</li>
 *   <li>learn (table 3): the module's learner picks a usable sidecar by hashing the flow (weights by
 *       repetition, see {@link NxBundleLoad}), pins the flow (both directions in symmetric mode) to it with
 *       Open vSwitch learn actions, and sends the packet there. Later packets of the flow hit the pin,
 *       whatever happens to the pool since (a sidecar added, drained or re-weighted), until the flow is
 *       idle for the pin timeout. With no usable sidecar the learner drops (fail-closed).</li>
 * </ul>
 */
public final class SteeringRules {
    private SteeringRules() {}

    /** Cookie owner of classify and chooser entries (low 32 bits: the module's number). */
    public static final FlowOwner OWNER = new FlowOwner(4, "steering");
    /** Cookie owner of the per-flow pins the switch learns (low 32 bits: the module's number). */
    public static final FlowOwner PINS = new FlowOwner(FlowOwner.FIRST_SWITCH_LEARNED_ID + 4, "affinity");
    /** Cookie owner of the learner entries, which the controller cannot read back (low 32 bits: the module's number). */
    public static final FlowOwner LEARNERS = new FlowOwner(FlowOwner.FIRST_SWITCH_LEARNED_ID + 5, "affinity-learner");
    /**
     * Cookie owner of the entries on other switches that bring the module's traffic to its sidecars' switches
     * (low 32 bits: the module's number).
     */
    public static final FlowOwner APPROACH = new FlowOwner(7, "steering-approach");
    /** Above every classify entry: a frame on its way to a sidecar's switch is not classified again. */
    static final int TAGGED_PRIORITY = 3000;
    /** VLAN ids a module's traffic carries on its way to a sidecar's switch: 1 to 4094. */
    static final int MAX_TAGGED_MODULE = 4094;
    static final int BASE_PRIORITY = 1000;
    static final int PIN_PRIORITY = 1000;
    static final int CHOOSER_PRIORITY = 10;

    /** A sidecar port a module's new flows may go to, with its weight (1-100). */
    public record Member(OFPort port, int weight) {}

    public static U64 cookie(int moduleNumber) {
        return OWNER.cookie(moduleNumber);
    }

    public static U64 pinCookie(int moduleNumber) {
        return PINS.cookie(moduleNumber);
    }

    public static U64 learnerCookie(int moduleNumber) {
        return LEARNERS.cookie(moduleNumber);
    }

    /**
     * Classify entries for the module's filters. More specific filters get higher priorities, so where two
     * modules' filters overlap the narrower one decides (see docs/steering.md for the chain rule).
     */
    public static List<FlowEntry> classify(OFFactory f, int number, List<PacketFilter> filters, boolean bypass) {
        List<OFInstruction> go = bypass
                ? List.of(f.instructions().gotoTable(Pipeline.FORWARDING_TABLE))
                : List.of(f.instructions().writeMetadata(OFMetadata.ofRaw(number).getValue(), U64.NO_MASK),
                        f.instructions().gotoTable(Pipeline.AFFINITY_TABLE));
        List<FlowEntry> entries = new ArrayList<>();
        for (PacketFilter filter : filters) {
            entries.add(new FlowEntry(Pipeline.CLASSIFY_TABLE, priority(filter), match(f, filter), go,
                    cookie(number), 0, 0));
        }
        return entries;
    }

    public static U64 approachCookie(int moduleNumber) {
        return APPROACH.cookie(moduleNumber);
    }

    /**
     * The entries that bring a module's traffic entering at another switch to a switch its sidecars hang off:
     * on each edge port, frames of the module's filters (untagged) get a VLAN tag with the module's number
     * and go towards the nearest such switch; tagged frames arriving from further out go on the same way.
     * Frames coming back from a sidecar are never tagged, so they are not taken there again. Empty for a
     * module number beyond VLAN ids.
     */
    public static List<FlowEntry> approach(OFFactory f, int number, List<PacketFilter> filters,
            SwitchApproaches.Approach way) {
        if (number < 1 || number > MAX_TAGGED_MODULE) {
            return List.of();
        }
        OFVlanVidMatch tag = OFVlanVidMatch.ofVlan(number);
        List<FlowEntry> entries = new ArrayList<>();
        for (OFPort edge : way.edgePorts()) {
            for (PacketFilter filter : filters) {
                Match m = matchBuilder(f, filter)
                        .setExact(MatchField.IN_PORT, edge)
                        .setExact(MatchField.VLAN_VID, OFVlanVidMatch.UNTAGGED)
                        .build();
                entries.add(new FlowEntry(Pipeline.CLASSIFY_TABLE, priority(filter), m,
                        List.of(f.instructions().applyActions(List.of(
                                f.actions().pushVlan(EthType.VLAN_FRAME),
                                f.actions().setField(f.oxms().vlanVid(tag)),
                                f.actions().output(way.toward(), 0xFFFF)))),
                        approachCookie(number), 0, 0));
            }
        }
        entries.add(new FlowEntry(Pipeline.CLASSIFY_TABLE, TAGGED_PRIORITY,
                f.buildMatch().setExact(MatchField.VLAN_VID, tag).build(),
                List.of(f.instructions().applyActions(List.of(f.actions().output(way.toward(), 0xFFFF)))),
                approachCookie(number), 0, 0));
        return entries;
    }

    /**
     * The entry on a sidecar's switch that takes the module's tagged traffic from other switches: untagged and
     * then handled like traffic classified here (to the sidecars, or to forwarding when bypassing). Empty for
     * a module number beyond VLAN ids.
     */
    public static List<FlowEntry> arrival(OFFactory f, int number, boolean bypass) {
        if (number < 1 || number > MAX_TAGGED_MODULE) {
            return List.of();
        }
        List<OFInstruction> go = new ArrayList<>();
        go.add(f.instructions().applyActions(List.of(f.actions().popVlan())));
        if (bypass) {
            go.add(f.instructions().gotoTable(Pipeline.FORWARDING_TABLE));
        } else {
            go.add(f.instructions().writeMetadata(OFMetadata.ofRaw(number).getValue(), U64.NO_MASK));
            go.add(f.instructions().gotoTable(Pipeline.AFFINITY_TABLE));
        }
        return List.of(new FlowEntry(Pipeline.CLASSIFY_TABLE, TAGGED_PRIORITY,
                f.buildMatch().setExact(MatchField.VLAN_VID, OFVlanVidMatch.ofVlan(number)).build(), go,
                cookie(number), 0, 0));
    }

    /** The affinity-table entry that hands a module's unpinned flows to its learner. */
    public static FlowEntry chooser(OFFactory f, int number) {
        return new FlowEntry(Pipeline.AFFINITY_TABLE, CHOOSER_PRIORITY,
                f.buildMatch().setMasked(MatchField.METADATA, OFMetadata.ofRaw(number), OFMetadata.NO_MASK).build(),
                List.of(f.instructions().gotoTable(Pipeline.LEARN_TABLE)), cookie(number), 0, 0);
    }

    /**
     * The learn-table entry that picks a sidecar for a module's new flow, pins the flow to it and sends the
     * packet there; with no members it drops.
     */
    public static FlowEntry learner(OFFactory f, int number, Protocol proto, boolean symmetric, List<Member> members,
                                    int pinIdleSeconds) {
        List<OFAction> actions = new ArrayList<>();
        if (!members.isEmpty()) {
            actions.add(NxBundleLoad.toReg0(weighted(members)));
            actions.add(pin(number, proto, false, pinIdleSeconds));
            if (symmetric) {
                actions.add(pin(number, proto, true, pinIdleSeconds));
            }
            actions.add(NxOutputReg.reg0Port());
        }
        Match match = f.buildMatch()
                .setMasked(MatchField.METADATA, OFMetadata.ofRaw(number), OFMetadata.NO_MASK)
                .setExact(MatchField.ETH_TYPE, EthType.IPv4) // the learn actions copy IP and port fields
                .setExact(MatchField.IP_PROTO, IpProtocol.of((short) proto.number))
                .build();
        return new FlowEntry(Pipeline.LEARN_TABLE, CHOOSER_PRIORITY, match,
                List.of(f.instructions().applyActions(actions)), LEARNERS.cookie(number), 0, 0);
    }

    /** Each member's port repeated by its weight (weights reduced by their common divisor). */
    static List<Integer> weighted(List<Member> members) {
        int gcd = 0;
        for (Member m : members) {
            gcd = java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf(m.weight())).intValue();
        }
        List<Integer> ports = new ArrayList<>();
        for (Member m : members) {
            for (int i = 0; i < m.weight() / gcd; i++) {
                ports.add(m.port().getPortNumber());
            }
        }
        return ports;
    }

    /** Learns a pin: this flow (or its reply direction) goes to the port in reg0 from now on. */
    static NxLearn pin(int number, Protocol proto, boolean reverse, int idleSeconds) {
        NxLearn.Builder b = NxLearn.builder()
                .tableId(Pipeline.AFFINITY_TABLE.getValue())
                .priority(PIN_PRIORITY)
                .idleTimeout(idleSeconds)
                .cookie(pinCookie(number))
                .matchValue(NxField.ETH_TYPE, 0x0800)
                .matchValue(NxField.IP_PROTO, proto.number)
                .matchFrom(NxField.IPV4_SRC, reverse ? NxField.IPV4_DST : NxField.IPV4_SRC)
                .matchFrom(NxField.IPV4_DST, reverse ? NxField.IPV4_SRC : NxField.IPV4_DST);
        NxField src = proto == Protocol.TCP ? NxField.TCP_SRC : NxField.UDP_SRC;
        NxField dst = proto == Protocol.TCP ? NxField.TCP_DST : NxField.UDP_DST;
        if (proto.hasPorts()) {
            b = b.matchFrom(src, reverse ? dst : src).matchFrom(dst, reverse ? src : dst); // the builder is immutable
        }
        return b.outputFrom(NxField.REG0, 0, 16).build();
    }

    static Match match(OFFactory f, PacketFilter filter) {
        return matchBuilder(f, filter).build();
    }

    /** The filter's match fields, to add more to (Loxi's Match.createBuilder() does not keep them). */
    static Match.Builder matchBuilder(OFFactory f, PacketFilter filter) {
        Match.Builder m = f.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, IpProtocol.of((short) filter.proto().number));
        if (filter.srcPrefix() != null && filter.srcPrefix().length() > 0) {
            m.setMasked(MatchField.IPV4_SRC, prefix(filter.srcPrefix()));
        }
        if (filter.dstPrefix() != null && filter.dstPrefix().length() > 0) {
            m.setMasked(MatchField.IPV4_DST, prefix(filter.dstPrefix()));
        }
        boolean tcp = filter.proto() == Protocol.TCP;
        if (filter.srcPort() != null) {
            m.setExact(tcp ? MatchField.TCP_SRC : MatchField.UDP_SRC, TransportPort.of(filter.srcPort()));
        }
        if (filter.dstPort() != null) {
            m.setExact(tcp ? MatchField.TCP_DST : MatchField.UDP_DST, TransportPort.of(filter.dstPort()));
        }
        return m;
    }

    /** 1000 plus the prefix lengths plus 16 per port given: narrower filters win. */
    static int priority(PacketFilter filter) {
        return BASE_PRIORITY + length(filter.srcPrefix()) + length(filter.dstPrefix())
                + (filter.srcPort() != null ? 16 : 0) + (filter.dstPort() != null ? 16 : 0);
    }

    private static int length(Ipv4Prefix p) {
        return p == null ? 0 : p.length();
    }

    private static IPv4AddressWithMask prefix(Ipv4Prefix p) {
        return IPv4AddressWithMask.of(IPv4Address.of(p.address()), IPv4Address.ofCidrMaskLength(p.length()));
    }
}
