package org.netserv.ofc.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FakeFlowTable;
import org.netserv.ofc.flow.FlowManager;
import org.netserv.ofc.flow.FlowStore;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitchAdapter;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.ofc.switches.PortRoles;
import org.netserv.ofc.core.PortRoleRegistry;
import org.netserv.ofc.switches.SwitchServiceAdapter;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The forwarding module against a fake multi-table switch: PacketIns in, and the assertions are about
 * where frames go afterwards, as a switch holding the written entries would send them.
 */
class ForwardingModuleTest {
    private static final MacAddress A = MacAddress.of("00:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.of("00:00:00:00:00:0b");
    private static final MacAddress C = MacAddress.of("00:00:00:00:00:0c");

    private final OfSwitchAdapter sw = new OfSwitchAdapter(DatapathId.of(1));
    private final OFFactory f = sw.factory();
    private final FakeFlowTable table = new FakeFlowTable();
    private SwitchServiceAdapter switches;
    private ForwardingModule forwarding;
    private final PortRoleRegistry roles = new PortRoleRegistry();

    @BeforeEach
    void setUp() {
        start(ForwardingConfig.defaults());
    }

    private void start(ForwardingConfig config) {
        switches = new SwitchServiceAdapter().with(sw);
        FlowManager flows = new FlowManager(switches, new FlowStore());
        flows.registerOwner(Pipeline.OWNER);
        forwarding = new ForwardingModule(config);
        forwarding.startUp(new ServiceDirectory() {
            @Override
            public <T> T get(Class<T> service) {
                return service.cast(service == SwitchService.class ? switches
                        : service == PortRoles.class ? roles : flows);
            }
        });
        table.apply(Pipeline.tableMissEntries(f).stream().map(e -> e.toFlowAdd(f)).toList());
    }

    /** A frame arrives at the switch: forwarded by entries if they match, else a PacketIn. */
    private Optional<List<OFPort>> frame(int inPort, MacAddress src, MacAddress dst) {
        Map<MatchField<?>, org.projectfloodlight.openflow.types.OFValueType<?>> fields =
                Map.of(MatchField.IN_PORT, OFPort.of(inPort), MatchField.ETH_SRC, src, MatchField.ETH_DST, dst);
        Optional<List<OFPort>> out = table.process(fields);
        if (out.isPresent() && out.get().equals(List.of(OFPort.CONTROLLER))) {
            sw.written.clear();
            assertThat(packetIn(inPort, src, dst, Pipeline.FORWARDING_TABLE)).isEqualTo(ListenerResult.STOP);
            table.apply(sw.written);
            return sw.written.stream().filter(m -> m instanceof OFPacketOut).findFirst()
                    .map(m -> ((OFPacketOut) m).getActions().stream()
                            .map(a -> ((OFActionOutput) a).getPort()).toList());
        }
        return out;
    }

    private ListenerResult packetIn(int inPort, MacAddress src, MacAddress dst, TableId from) {
        byte[] data = new byte[60];
        System.arraycopy(dst.getBytes(), 0, data, 0, 6);
        System.arraycopy(src.getBytes(), 0, data, 6, 6);
        OFPacketIn pi = f.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.NO_MATCH)
                .setTableId(from).setCookie(U64.ZERO)
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build())
                .setData(data).build();
        return switches.messageListeners.get(OFType.PACKET_IN).receive(sw, pi);
    }

    private boolean reachesController(int inPort, MacAddress src, MacAddress dst) {
        return table.process(Map.of(MatchField.IN_PORT, OFPort.of(inPort), MatchField.ETH_SRC, src,
                MatchField.ETH_DST, dst)).orElseThrow().equals(List.of(OFPort.CONTROLLER));
    }

    @Test
    void unknownDestinationIsFloodedWithoutAFlowEntry() {
        assertThat(frame(1, A, MacAddress.BROADCAST)).contains(List.of(OFPort.FLOOD));
        assertThat(frame(1, A, B)).contains(List.of(OFPort.FLOOD));
        assertThat(table.count(Pipeline.FORWARDING_TABLE)).isEqualTo(1); // table-miss only
    }

    @Test
    void knownDestinationGetsAnExactEntrySoLaterFramesStayInTheSwitch() {
        frame(1, A, MacAddress.BROADCAST);
        assertThat(frame(2, B, A)).contains(List.of(OFPort.of(1)));
        assertThat(frame(1, A, B)).contains(List.of(OFPort.of(2)));

        assertThat(reachesController(1, A, B)).isFalse();
        assertThat(reachesController(2, B, A)).isFalse();
        assertThat(table.process(Map.of(MatchField.IN_PORT, OFPort.of(1), MatchField.ETH_SRC, A,
                MatchField.ETH_DST, B))).contains(List.of(OFPort.of(2)));
        assertThat(reachesController(3, C, A)).as("a new source still goes to the controller").isTrue();

        OFFlowMod learned = (OFFlowMod) sw.written.stream().filter(m -> m instanceof OFFlowMod).findFirst().get();
        assertThat(learned.getIdleTimeout()).isEqualTo(10);
        assertThat(learned.getTableId()).isEqualTo(Pipeline.FORWARDING_TABLE);
        assertThat(learned.getCookie()).isEqualTo(LearningSwitch.OWNER.cookie());
        assertThat(sw.written.get(sw.written.size() - 1)).as("PacketOut after the FlowMod")
                .isInstanceOf(OFPacketOut.class);
    }

    @Test
    void sidecarPortsAreNeitherLearnedNorFloodedTo() {
        for (int p = 1; p <= 4; p++) {
            sw.portList.add(f.buildPortDesc().setPortNo(OFPort.of(p)).setName("s1-eth" + p)
                    .setHwAddr(MacAddress.of(p)).build());
        }
        roles.markInfrastructure(sw.id(), OFPort.of(4), "sidecar sc1");
        assertThat(frame(1, A, MacAddress.BROADCAST)).contains(List.of(OFPort.of(2), OFPort.of(3)));
        // A frame of A back from the sidecar: A stays behind port 1, B is still unknown and flooded.
        assertThat(frame(4, A, B)).contains(List.of(OFPort.of(1), OFPort.of(2), OFPort.of(3)));
        assertThat(forwarding.table(sw.id()).orElseThrow().portOf(A)).contains(OFPort.of(1));
        frame(2, B, A);
        assertThat(frame(4, A, B)).as("known destination: an exact entry from the sidecar port")
                .contains(List.of(OFPort.of(2)));
        assertThat(reachesController(4, A, B)).isFalse();
    }

    @Test
    void frameForTheSegmentItCameFromIsDropped() {
        frame(1, A, MacAddress.BROADCAST);
        assertThat(frame(1, C, A)).isEmpty();
    }

    @Test
    void hostThatMovesHasItsStaleEntriesRemoved() {
        frame(1, A, MacAddress.BROADCAST);
        frame(2, B, A);
        frame(1, A, B);
        assertThat(reachesController(2, B, A)).isFalse();

        frame(3, A, B); // A now behind port 3
        assertThat(reachesController(2, B, A)).as("old entry towards port 1 is gone").isTrue();
        assertThat(frame(2, B, A)).contains(List.of(OFPort.of(3)));
    }

    @Test
    void portGoingDownForgetsItsHostsAndEntries() {
        frame(1, A, MacAddress.BROADCAST);
        frame(2, B, A);
        frame(1, A, B);
        forwarding.portChanged(sw, f.buildPortStatus().setReason(OFPortReason.MODIFY)
                .setDesc(f.buildPortDesc().setPortNo(OFPort.of(2)).setName("s1-eth2").setHwAddr(B)
                        .setState(Set.of(OFPortState.LINK_DOWN)).build()).build());
        table.apply(sw.written);
        assertThat(reachesController(1, A, B)).isTrue();
        assertThat(reachesController(2, B, A)).isTrue();
        assertThat(forwarding.table(sw.id()).orElseThrow().portOf(B)).isEmpty();
        assertThat(forwarding.table(sw.id()).orElseThrow().portOf(A)).contains(OFPort.of(1));
    }

    @Test
    void fullMacTableStopsLearningButStillFloods() {
        start(new ForwardingConfig(null, null, null, 1));
        frame(1, A, MacAddress.BROADCAST);
        assertThat(frame(2, B, A)).contains(List.of(OFPort.of(1)));
        assertThat(forwarding.table(sw.id()).orElseThrow().portOf(B)).isEmpty();
        assertThat(frame(1, A, B)).contains(List.of(OFPort.FLOOD));
    }

    @Test
    void packetInsFromOtherTablesAreLeftToOtherModules() {
        sw.written.clear();
        assertThat(packetIn(1, A, B, Pipeline.CLASSIFY_TABLE)).isEqualTo(ListenerResult.CONTINUE);
        assertThat(sw.written).isEmpty();
    }

    @Test
    void multicastSourceIsNeverLearned() {
        MacAddress bogus = MacAddress.of("01:00:5e:00:00:01");
        assertThat(frame(1, bogus, A)).isEmpty();
        assertThat(forwarding.table(sw.id()).orElseThrow().size()).isZero();
    }
}
