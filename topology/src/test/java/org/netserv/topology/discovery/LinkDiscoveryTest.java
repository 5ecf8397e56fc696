package org.netserv.topology.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.topology.Link;
import org.netserv.topology.LinkEvent;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.LinkType;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TopologyGraph;
import org.netserv.topology.lldp.LldpCodec;
import org.netserv.topology.lldp.LldpProbe;
import org.netserv.topology.lldp.ProbeKind;
import org.netserv.topology.lldp.ProbeTag;

class LinkDiscoveryTest {
    private static final long ME = 0x5eed;
    private static final long TIMEOUT = 35_000;
    private static final long MAC = 0x0a0000000001L;
    private static final Link AB = Link.of(1, 2, 2, 1);

    private TopologyGraph graph;
    private LinkDiscovery discovery;

    @BeforeEach
    void twoSwitches() {
        graph = new TopologyGraph();
        graph.addSwitch(1, List.of(1, 2, 3));
        graph.addSwitch(2, List.of(1, 2));
        discovery = new LinkDiscovery(graph, ME, TIMEOUT);
    }

    private ProbeResult receive(SwitchPort from, SwitchPort at, ProbeKind kind, long now) {
        return discovery.onProbe(at.dpid(), at.port(), discovery.probe(from, MAC, kind, now), now);
    }

    @Test
    void probesGoOutOfEveryPortThatIsUp() {
        graph.portDown(SwitchPort.of(1, 3));
        assertThat(discovery.probeTargets()).containsExactly(SwitchPort.of(1, 1), SwitchPort.of(1, 2),
                SwitchPort.of(2, 1), SwitchPort.of(2, 2));
        LldpProbe p = discovery.probe(SwitchPort.of(1, 2), MAC, ProbeKind.LLDP, 7);
        assertThat(p).isEqualTo(new LldpProbe(ProbeKind.LLDP, MAC, 1, 2, 120, Optional.of(new ProbeTag(ME, 7))));
    }

    @Test
    void aProbeThroughTheCodecMakesTheLinkOnceAndThenRefreshesIt() {
        LldpCodec codec = new LldpCodec();
        byte[] frame = codec.encode(discovery.probe(SwitchPort.of(1, 2), MAC, ProbeKind.LLDP, 100));
        LldpProbe back = codec.decode(frame).probe().orElseThrow();
        ProbeResult first = discovery.onProbe(2, 1, back, 100);
        assertThat(first.verdict()).isEqualTo(ProbeVerdict.ACCEPTED);
        assertThat(first.events()).containsExactly(
                new LinkEvent(LinkEvent.Type.ADDED, new LinkRecord(AB, LinkType.DIRECT, 100, 100)));
        ProbeResult again = discovery.onProbe(2, 1, back, 5_000);
        assertThat(again.verdict()).isEqualTo(ProbeVerdict.ACCEPTED);
        assertThat(again.events()).isEmpty();
        assertThat(graph.link(AB).orElseThrow().lastSeen()).isEqualTo(5_000);
        assertThat(graph.link(AB.reversed())).as("each direction is found by its own probe").isEmpty();
    }

    @Test
    void foreignAndUntaggedProbesAreToldApart() {
        LldpProbe foreign = LldpProbe.of(ProbeKind.LLDP, MAC, 1, 2, new ProbeTag(ME + 1, 0));
        assertThat(discovery.onProbe(2, 1, foreign, 0).verdict()).isEqualTo(ProbeVerdict.FOREIGN);
        LldpProbe untagged = new LldpProbe(ProbeKind.LLDP, MAC, 1, 2, 120, Optional.empty());
        ProbeResult r = discovery.onProbe(2, 1, untagged, 0);
        assertThat(r.verdict()).isEqualTo(ProbeVerdict.FOREIGN);
        assertThat(r.verdict().isOwnProbe()).isFalse();
        assertThat(graph.links()).isEmpty();

        LinkDiscovery lenient = new LinkDiscovery(graph, ME, TIMEOUT, true);
        assertThat(lenient.onProbe(2, 1, untagged, 0).verdict()).isEqualTo(ProbeVerdict.ACCEPTED);
        assertThat(lenient.onProbe(2, 1, foreign, 0).verdict()).as("still another controller's")
                .isEqualTo(ProbeVerdict.FOREIGN);
    }

    @Test
    void probesFromOrToUnknownOrDownPortsAndLoopbacksAreIgnored() {
        assertThat(receive(SwitchPort.of(9, 1), SwitchPort.of(2, 1), ProbeKind.LLDP, 0).verdict())
                .isEqualTo(ProbeVerdict.UNKNOWN_SOURCE);
        assertThat(receive(SwitchPort.of(1, 9), SwitchPort.of(2, 1), ProbeKind.LLDP, 0).verdict())
                .isEqualTo(ProbeVerdict.UNKNOWN_SOURCE);
        graph.portDown(SwitchPort.of(2, 1));
        assertThat(receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.LLDP, 0).verdict())
                .isEqualTo(ProbeVerdict.UNKNOWN_RECEIVER);
        assertThat(receive(SwitchPort.of(1, 2), SwitchPort.of(1, 2), ProbeKind.BDDP, 0).verdict())
                .isEqualTo(ProbeVerdict.LOOPBACK);
        assertThat(receive(SwitchPort.of(1, 2), SwitchPort.of(1, 3), ProbeKind.BDDP, 0).verdict())
                .as("two ports of one switch on one legacy segment").isEqualTo(ProbeVerdict.ACCEPTED);
        assertThat(graph.links()).extracting(LinkRecord::link).containsExactly(Link.of(1, 2, 1, 3));
    }

    @Test
    void lldpMakesDirectLinksAndBddpOnlyBroadcastDomainOnes() {
        ProbeResult bddp = receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.BDDP, 0);
        assertThat(bddp.events()).extracting(e -> e.link().type()).containsExactly(LinkType.BROADCAST_DOMAIN);
        ProbeResult lldp = receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.LLDP, 10);
        assertThat(lldp.events()).extracting(LinkEvent::type).containsExactly(LinkEvent.Type.UPDATED);
        assertThat(graph.link(AB).orElseThrow().type()).isEqualTo(LinkType.DIRECT);
        ProbeResult late = receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.BDDP, 20);
        assertThat(late.verdict()).isEqualTo(ProbeVerdict.SUPERSEDED);
        assertThat(late.verdict().isOwnProbe()).isTrue();
        assertThat(graph.link(AB).orElseThrow().lastSeen()).as("BDDP does not keep a direct link alive")
                .isEqualTo(10);
    }

    @Test
    void aDirectLinkWhoseCableIsPulledTimesOutThoughBddpStillGoesRound() {
        receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.LLDP, 0);
        receive(SwitchPort.of(1, 3), SwitchPort.of(2, 2), ProbeKind.LLDP, 0);
        // the cable 1/2-2/1 is replaced by a legacy switch: only BDDP arrives from now on
        for (long t = 15_000; t <= 45_000; t += 15_000) {
            receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.BDDP, t);
            receive(SwitchPort.of(1, 3), SwitchPort.of(2, 2), ProbeKind.LLDP, t);
            List<LinkEvent> expired = discovery.expire(t);
            if (t < 45_000) {
                assertThat(expired).as("at %d", t).isEmpty();
            } else {
                assertThat(expired).extracting(LinkEvent::type, e -> e.link().link())
                        .containsExactly(tuple(LinkEvent.Type.TIMED_OUT, AB));
            }
        }
        ProbeResult back = receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.BDDP, 60_000);
        assertThat(back.events()).extracting(LinkEvent::type, e -> e.link().type()).containsExactly(
                tuple(LinkEvent.Type.ADDED, LinkType.BROADCAST_DOMAIN));
        assertThat(graph.link(Link.of(1, 3, 2, 2)).orElseThrow().type()).isEqualTo(LinkType.DIRECT);
    }

    @Test
    void linksNotProbedForTheTimeoutExpire() {
        receive(SwitchPort.of(1, 2), SwitchPort.of(2, 1), ProbeKind.LLDP, 0);
        receive(SwitchPort.of(2, 1), SwitchPort.of(1, 2), ProbeKind.LLDP, 0);
        receive(SwitchPort.of(2, 1), SwitchPort.of(1, 2), ProbeKind.LLDP, 30_000);
        assertThat(discovery.expire(TIMEOUT)).isEmpty();
        assertThat(discovery.expire(TIMEOUT + 1)).extracting(e -> e.link().link()).containsExactly(AB);
        assertThat(discovery.expire(30_000 + TIMEOUT + 1)).extracting(e -> e.link().link())
                .containsExactly(AB.reversed());
        assertThat(graph.links()).isEmpty();
        assertThat(discovery.linkTimeoutMillis()).isEqualTo(TIMEOUT);
        assertThat(discovery.graph()).isSameAs(graph);
        assertThatThrownBy(() -> new LinkDiscovery(graph, ME, 0)).hasMessageContaining("positive");
    }
}
