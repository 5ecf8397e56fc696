package org.netserv.ofc.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.apibuilder.EndpointGroup;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.core.PortRoleRegistry;
import org.netserv.ofc.flow.FlowManager;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.flow.FlowStore;
import org.netserv.ofc.forwarding.ForwardingConfig;
import org.netserv.ofc.forwarding.ForwardingModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.rest.RestService;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitchAdapter;
import org.netserv.ofc.switches.PortRoles;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.ofc.switches.SwitchServiceAdapter;
import org.netserv.topology.Link;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.LinkType;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.host.Host;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The topology module on three adapter switches cabled in a triangle (port 1 of each is a host port): the
 * test carries each probe PacketOut over its cable and hands it back as a PacketIn, as the switches would.
 */
class TopologyModuleTest {
    private static final MacAddress H1 = MacAddress.of("00:00:00:00:00:01");
    private static final MacAddress H2 = MacAddress.of("00:00:00:00:00:02");

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<OfSwitchAdapter> sws = new ArrayList<>();
    /** Cable ends both ways: (dpid, port) -> (dpid, port). */
    private final Map<SwitchPort, SwitchPort> cables = new HashMap<>();
    private final SwitchServiceAdapter topoSwitches = new SwitchServiceAdapter();
    private final SwitchServiceAdapter fwdSwitches = new SwitchServiceAdapter();
    private final PortRoleRegistry roles = new PortRoleRegistry();
    private TopologyModule topology;
    private ForwardingModule forwarding;

    @BeforeEach
    void setUp() {
        for (int d = 1; d <= 3; d++) {
            OfSwitchAdapter sw = new OfSwitchAdapter(DatapathId.of(d));
            for (int p = 1; p <= 3; p++) {
                sw.portList.add(desc(sw.factory(), p, false));
            }
            sws.add(sw);
            topoSwitches.with(sw);
            fwdSwitches.with(sw);
        }
        cable(1, 2, 2, 2);
        cable(2, 3, 3, 2);
        cable(3, 3, 1, 3);
        topology = new TopologyModule(TopologyConfig.defaults(), now::get, 42);
        FlowManager flows = new FlowManager(topoSwitches, new FlowStore());
        flows.registerOwner(Pipeline.OWNER);
        topology.startUp(directory(topoSwitches, flows));
        forwarding = new ForwardingModule(ForwardingConfig.defaults());
        forwarding.floodBy(topology);
        forwarding.routeBy(topology);
        forwarding.startUp(directory(fwdSwitches, new FlowManager(fwdSwitches, new FlowStore())));
        sws.forEach(topology::switchReady);
    }

    private static OFPortDesc desc(OFFactory f, int p, boolean down) {
        return f.buildPortDesc().setPortNo(OFPort.of(p)).setName("eth" + p).setHwAddr(MacAddress.of(0x0200_0000_0000L + p))
                .setState(down ? Set.of(OFPortState.LINK_DOWN) : Set.of()).build();
    }

    private void cable(long a, int pa, long b, int pb) {
        cables.put(SwitchPort.of(a, pa), SwitchPort.of(b, pb));
        cables.put(SwitchPort.of(b, pb), SwitchPort.of(a, pa));
    }

    private ServiceDirectory directory(SwitchServiceAdapter switches, FlowService flows) {
        RestService rest = new RestService() {
            @Override
            public void addRoutes(EndpointGroup routes) {}

            @Override
            public void addMetrics(Supplier<MetricSnapshots> metrics) {}
        };
        return new ServiceDirectory() {
            @Override
            public <T> T get(Class<T> service) {
                Object o = service == SwitchService.class ? switches : service == PortRoles.class ? roles
                        : service == RestService.class ? rest : flows;
                return service.cast(o);
            }
        };
    }

    private OfSwitchAdapter sw(long dpid) {
        return sws.get((int) dpid - 1);
    }

    /** Carries every PacketOut written so far over its cable, as a PacketIn from table 0 (the punt entry). */
    private void deliverProbes() {
        for (OfSwitchAdapter sw : sws) {
            List<OFMessage> out = List.copyOf(sw.written);
            sw.written.clear();
            for (OFMessage m : out) {
                if (!(m instanceof OFPacketOut po) || !TopologyState.isDiscoveryFrame(po.getData())) {
                    continue;
                }
                for (var a : po.getActions()) {
                    SwitchPort far = cables.get(SwitchPort.of(sw.id().getLong(), ((OFActionOutput) a).getPort().getPortNumber()));
                    if (far != null) {
                        assertThat(packetIn(sw(far.dpid()), far.port(), po.getData(), Pipeline.CLASSIFY_TABLE, topoSwitches))
                                .isEqualTo(ListenerResult.STOP);
                    }
                }
            }
        }
    }

    private static ListenerResult packetIn(OfSwitchAdapter sw, int inPort, byte[] data, TableId table,
            SwitchServiceAdapter via) {
        OFFactory f = sw.factory();
        OFPacketIn pi = f.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.ACTION)
                .setTableId(table).setCookie(U64.ZERO)
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build())
                .setData(data).build();
        return via.messageListeners.get(OFType.PACKET_IN).receive(sw, pi);
    }

    private static byte[] frame(MacAddress src, MacAddress dst) {
        byte[] data = new byte[60];
        System.arraycopy(dst.getBytes(), 0, data, 0, 6);
        System.arraycopy(src.getBytes(), 0, data, 6, 6);
        data[12] = 0x08; // IPv4, sender 10.0.0.x
        data[26] = 10;
        data[29] = (byte) src.getLong();
        return data;
    }

    private void discover() {
        topology.probeAll();
        deliverProbes();
        now.addAndGet(1000); // past the flood hold
    }

    private List<Link> links() {
        return topology.links().stream().map(LinkRecord::link).sorted().toList();
    }

    /** A frame from a host port through forwarding: the ports its PacketOut sends it to (empty: dropped). */
    private List<OFPort> forward(long dpid, int inPort, MacAddress src, MacAddress dst) {
        OfSwitchAdapter sw = sw(dpid);
        sw.written.clear();
        byte[] data = frame(src, dst);
        assertThat(packetIn(sw, inPort, data, Pipeline.FORWARDING_TABLE, topoSwitches)).isEqualTo(ListenerResult.CONTINUE);
        assertThat(packetIn(sw, inPort, data, Pipeline.FORWARDING_TABLE, fwdSwitches)).isEqualTo(ListenerResult.STOP);
        return sw.written.stream().filter(m -> m instanceof OFPacketOut).findFirst()
                .map(m -> ((OFPacketOut) m).getActions().stream().map(a -> ((OFActionOutput) a).getPort()).toList())
                .orElse(List.of());
    }

    @Test
    void everySwitchGetsPuntEntriesForLldpAndBddp() {
        for (OfSwitchAdapter sw : sws) {
            List<EthType> punted = sw.written.stream().filter(m -> m instanceof OFFlowAdd).map(m -> (OFFlowAdd) m)
                    .filter(fa -> TopologyModule.OWNER.owns(fa.getCookie()))
                    .map(fa -> fa.getMatch().get(MatchField.ETH_TYPE)).toList();
            assertThat(punted).containsExactlyInAnyOrder(EthType.of(0x88cc), EthType.of(0x8942));
        }
    }

    @Test
    void probesFindBothDirectionsOfEveryCable() {
        discover();
        assertThat(links()).containsExactly(
                Link.of(1, 2, 2, 2), Link.of(1, 3, 3, 3), Link.of(2, 2, 1, 2), Link.of(2, 3, 3, 2),
                Link.of(3, 2, 2, 3), Link.of(3, 3, 1, 3));
        assertThat(topology.links()).allMatch(r -> r.type() == LinkType.DIRECT);
    }

    @Test
    void floodsFollowTheTreeAndFramesFromTheBlockedCableAreDropped() {
        discover();
        // rooted at switch 1: cables 1-2 and 1-3 in the tree, 2/3 <-> 3/2 blocked
        assertThat(forward(1, 1, H1, MacAddress.BROADCAST)).containsExactlyInAnyOrder(OFPort.of(2), OFPort.of(3));
        assertThat(forward(2, 2, H1, MacAddress.BROADCAST)).containsExactly(OFPort.of(1));
        assertThat(forward(2, 1, H2, MacAddress.BROADCAST)).containsExactly(OFPort.of(2));
        assertThat(forward(3, 2, H2, MacAddress.BROADCAST)).as("arrived over the blocked cable").isEmpty();
        assertThat(topology.hosts()).as("nothing learned from it").filteredOn(h -> h.mac() == H2.getLong())
                .extracting(Host::attachment).containsExactly(SwitchPort.of(2, 1));
    }

    @Test
    void beforeLinksAreKnownNewPortsGetNoFloods() {
        assertThat(forward(1, 1, H1, MacAddress.BROADCAST)).isEmpty();
        now.addAndGet(1000);
        topology.probeAll();
        deliverProbes();
        assertThat(forward(1, 1, H1, MacAddress.BROADCAST)).containsExactlyInAnyOrder(OFPort.of(2), OFPort.of(3));
    }

    @Test
    void hostsAreLearnedOnHostPortsOnly() {
        discover();
        forward(1, 1, H1, MacAddress.BROADCAST);
        forward(2, 2, H1, MacAddress.BROADCAST); // H1's frame arriving over the cable from switch 1
        assertThat(topology.hosts()).extracting(Host::attachment).containsExactly(SwitchPort.of(1, 1));
        assertThat(topology.hosts().get(0).ipv4Text()).isEqualTo("10.0.0.1");
    }

    @Test
    void linksTimeOutWithoutProbesAndGoWithTheirPort() {
        discover();
        sw(3).portList.set(1, desc(sw(3).factory(), 2, true));
        topology.portChanged(sw(3), sw(3).factory().buildPortStatus().setReason(OFPortReason.MODIFY)
                .setDesc(sw(3).portList.get(1)).build());
        assertThat(links()).doesNotContain(Link.of(2, 3, 3, 2), Link.of(3, 2, 2, 3)).hasSize(4);
        // the cable that was blocked is gone; switch 2's end of it, still up, counts as a host port again
        assertThat(forward(2, 1, H2, MacAddress.BROADCAST)).containsExactlyInAnyOrder(OFPort.of(2), OFPort.of(3));

        now.addAndGet(3000);
        topology.tick();
        deliverProbes(); // refreshes the links still cabled
        now.addAndGet(1000);
        topology.tick();
        assertThat(links()).hasSize(4);
        sws.forEach(s -> s.written.clear());
        now.addAndGet(4000);
        topology.tick(); // probes sent but never delivered: every link times out
        assertThat(links()).isEmpty();
    }

    @Test
    void aSwitchThatLeavesTakesItsLinks() {
        discover();
        topology.switchGone(DatapathId.of(2));
        assertThat(links()).containsExactly(Link.of(1, 3, 3, 3), Link.of(3, 3, 1, 3));
    }

    @Test
    void aLoneSwitchWithoutLinksFloodsAsBefore() {
        topology.switchGone(DatapathId.of(2));
        topology.switchGone(DatapathId.of(3));
        assertThat(topology.floodPorts(DatapathId.of(1), OFPort.of(1))).isEmpty();
        assertThat(forward(1, 1, H1, MacAddress.BROADCAST)).containsExactly(OFPort.FLOOD);
    }

    @Test
    void routesAreShortestPaths() {
        discover();
        assertThat(topology.route(2, 3)).hasValueSatisfying(p -> assertThat(p.links()).containsExactly(Link.of(2, 3, 3, 2)));
        assertThat(topology.route(1, 9)).isEmpty();
    }

    // --- shortest-path forwarding ---

    private static final MacAddress H3 = MacAddress.of("00:00:00:00:00:03");

    /** Forwarding's entries written to a switch since the last clear, as "in->out" per source and destination. */
    private static List<String> routed(OfSwitchAdapter sw) {
        return sw.written.stream().filter(m -> m instanceof OFFlowAdd).map(m -> (OFFlowAdd) m)
                .filter(fa -> fa.getTableId().equals(Pipeline.FORWARDING_TABLE))
                .map(fa -> fa.getMatch().get(MatchField.ETH_SRC) + ">" + fa.getMatch().get(MatchField.ETH_DST) + " "
                        + fa.getMatch().get(MatchField.IN_PORT) + "->"
                        + ((OFActionOutput) ((org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions) fa.getInstructions().get(0)).getActions().get(0)).getPort())
                .toList();
    }

    /** Matches of the forwarding deletions written to a switch since the last clear. */
    private static List<String> deleted(OfSwitchAdapter sw) {
        return sw.written.stream().filter(m -> m instanceof OFFlowDelete).map(m -> (OFFlowDelete) m)
                .filter(fd -> fd.getTableId().equals(Pipeline.FORWARDING_TABLE))
                .map(fd -> fd.getMatch() + (fd.getOutPort().equals(OFPort.ANY) ? "" : " out " + fd.getOutPort()))
                .toList();
    }

    private void clearWritten() {
        sws.forEach(s -> s.written.clear());
    }

    /** Every host says hello (a broadcast from its port 1), so the topology knows where they are. */
    private void hostsSpeak() {
        forward(1, 1, H1, MacAddress.BROADCAST);
        forward(2, 1, H2, MacAddress.BROADCAST);
        forward(3, 1, H3, MacAddress.BROADCAST);
        clearWritten();
    }

    @Test
    void aKnownHostIsReachedByTheShortestPathWithAnEntryOnEveryHop() {
        discover();
        hostsSpeak();
        assertThat(forward(1, 1, H1, H3)).containsExactly(OFPort.of(3));
        assertThat(routed(sw(1))).containsExactly("00:00:00:00:00:01>00:00:00:00:00:03 1->3");
        assertThat(routed(sw(3))).containsExactly("00:00:00:00:00:01>00:00:00:00:00:03 3->1");
        assertThat(routed(sw(2))).as("not on the path").isEmpty();
        assertThat(forwarding.portOf(DatapathId.of(2), H3)).contains(OFPort.of(3));
    }

    @Test
    void aUnicastFrameOverACableOutsideTheTreeIsRoutedNotDropped() {
        discover();
        hostsSpeak();
        // 2/3 <-> 3/2 is blocked for broadcasts, but a path may use it
        assertThat(forward(3, 2, H2, H3)).containsExactly(OFPort.of(1));
        assertThat(routed(sw(3))).containsExactly("00:00:00:00:00:02>00:00:00:00:00:03 2->1");
    }

    @Test
    void aLinkGoingDownRemovesThePathsThatCrossedItFromEverySwitchAndTheNextFrameGoesRound() {
        discover();
        hostsSpeak();
        forward(1, 1, H1, H3);
        forward(2, 1, H2, H3); // 2 -> 3 directly: does not cross 1-3
        clearWritten();

        sw(1).portList.set(2, desc(sw(1).factory(), 3, true));
        OFPortStatus down = sw(1).factory().buildPortStatus().setReason(OFPortReason.MODIFY).setDesc(sw(1).portList.get(2)).build();
        topology.portChanged(sw(1), down);
        forwarding.portChanged(sw(1), down);

        String pair = "eth_dst=00:00:00:00:00:03, eth_src=00:00:00:00:00:01";
        assertThat(deleted(sw(1))).anyMatch(d -> d.contains(pair));
        assertThat(deleted(sw(3))).anyMatch(d -> d.contains(pair)).anyMatch(d -> d.contains("in_port=3"));
        assertThat(deleted(sw(1))).anyMatch(d -> d.contains("out 3"));
        assertThat(deleted(sw(2)).stream().filter(d -> d.contains("eth_src")))
                .as("H2's path to H3 did not cross the cable").isEmpty();

        clearWritten();
        assertThat(forward(1, 1, H1, H3)).containsExactly(OFPort.of(2));
        assertThat(routed(sw(2))).containsExactly("00:00:00:00:00:01>00:00:00:00:00:03 2->3");
        assertThat(routed(sw(3))).containsExactly("00:00:00:00:00:01>00:00:00:00:00:03 2->1");
    }

    @Test
    void aLinkThatTimesOutIsFlushedLikeOneThatWentDown() {
        discover();
        hostsSpeak();
        forward(1, 1, H1, H3);
        clearWritten();
        cables.remove(SwitchPort.of(1, 3)); // probes over 1-3 are lost from now on
        cables.remove(SwitchPort.of(3, 3));
        List<String> deletedOn3 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            now.addAndGet(1000);
            topology.tick();
            deletedOn3.addAll(deleted(sw(3)));
            deliverProbes(); // (clears what was written)
        }
        assertThat(links()).doesNotContain(Link.of(1, 3, 3, 3));
        assertThat(deletedOn3).anyMatch(d -> d.contains("eth_dst=00:00:00:00:00:03, eth_src=00:00:00:00:00:01"));
        clearWritten();
        assertThat(forward(1, 1, H1, H3)).containsExactly(OFPort.of(2));
    }

    @Test
    void aHostThatMovesHasItsEntriesRemovedEverywhereAndIsReachedAtItsNewPlace() {
        discover();
        hostsSpeak();
        forward(1, 1, H1, H3);
        clearWritten();
        sw(2).portList.add(desc(sw(2).factory(), 4, false));
        topology.portChanged(sw(2), sw(2).factory().buildPortStatus().setReason(OFPortReason.ADD)
                .setDesc(sw(2).portList.get(3)).build());
        forward(2, 4, H3, MacAddress.BROADCAST); // H3 speaks up on switch 2
        for (OfSwitchAdapter s : sws) {
            assertThat(deleted(s)).as("switch " + s.id()).anyMatch(d -> d.equals("OFMatchV3Ver13(eth_dst=00:00:00:00:00:03)"));
        }
        assertThat(topology.hosts()).filteredOn(h -> h.mac() == H3.getLong()).extracting(Host::attachment)
                .containsExactly(SwitchPort.of(2, 4));
        clearWritten();
        assertThat(forward(1, 1, H1, H3)).containsExactly(OFPort.of(2));
        assertThat(routed(sw(2))).containsExactly("00:00:00:00:00:01>00:00:00:00:00:03 2->4");
    }
}
