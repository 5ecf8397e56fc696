package org.netserv.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netserv.topology.TestTopologies.T0;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyGraphTest {
    private static final Link AB = Link.of(1, 2, 2, 1);
    private static final Link BA = AB.reversed();

    private static TopologyGraph twoSwitches() {
        TopologyGraph g = new TopologyGraph();
        g.addSwitch(1, List.of(1, 2, 3));
        g.addSwitch(2, List.of(1, 2));
        return g;
    }

    /** Both directions of 1/2 - 2/1, and 1/3->2/2. */
    private static TopologyGraph threeLinks() {
        TopologyGraph g = twoSwitches();
        g.putLink(AB, LinkType.DIRECT, T0);
        g.putLink(BA, LinkType.DIRECT, T0);
        g.putLink(Link.of(1, 3, 2, 2), LinkType.DIRECT, T0);
        return g;
    }

    @Test
    void switchesAndPortsAreKeptInUnsignedOrder() {
        TopologyGraph g = new TopologyGraph();
        assertThat(g.addSwitch(-1L, List.of(0xfffffffe, 2, 1))).isTrue();
        assertThat(g.addSwitch(5, List.of())).isTrue();
        assertThat(g.addSwitch(5, List.of(7))).as("known switch, new port").isFalse();
        assertThat(g.switches()).containsExactly(5L, -1L);
        assertThat(g.upPorts(-1L)).containsExactly(1, 2, 0xfffffffe);
        assertThat(g.upPorts(5)).containsExactly(7);
        assertThat(g.upPorts(99)).isEmpty();
        assertThat(g.portUp(SwitchPort.of(99, 1))).as("unknown switch").isFalse();
    }

    @Test
    void aLinkIsAddedRefreshedAndRetypedWithEventsOnlyForChanges() {
        TopologyGraph g = twoSwitches();
        long v0 = g.version();
        List<LinkEvent> added = g.putLink(AB, LinkType.BROADCAST_DOMAIN, T0);
        assertThat(added).extracting(LinkEvent::type).containsExactly(LinkEvent.Type.ADDED);
        assertThat(added.get(0).link()).isEqualTo(new LinkRecord(AB, LinkType.BROADCAST_DOMAIN, T0, T0));
        long v1 = g.version();
        assertThat(v1).isGreaterThan(v0);

        assertThat(g.putLink(AB, LinkType.BROADCAST_DOMAIN, T0 + 5)).as("refresh").isEmpty();
        assertThat(g.version()).as("a refresh changes nothing derived").isEqualTo(v1);
        assertThat(g.link(AB).orElseThrow().lastSeen()).isEqualTo(T0 + 5);
        assertThat(g.putLink(AB, LinkType.BROADCAST_DOMAIN, T0 + 1).isEmpty()).isTrue();
        assertThat(g.link(AB).orElseThrow().lastSeen()).as("an older probe never moves time back").isEqualTo(T0 + 5);

        List<LinkEvent> updated = g.putLink(AB, LinkType.DIRECT, T0 + 9);
        assertThat(updated).extracting(LinkEvent::type).containsExactly(LinkEvent.Type.UPDATED);
        assertThat(updated.get(0).link()).isEqualTo(new LinkRecord(AB, LinkType.DIRECT, T0, T0 + 9));
        assertThat(g.version()).isGreaterThan(v1);
        assertThat(g.isLinkPort(SwitchPort.of(1, 2))).isTrue();
        assertThat(g.isLinkPort(SwitchPort.of(2, 1))).isTrue();
        assertThat(g.isLinkPort(SwitchPort.of(1, 1))).isFalse();
    }

    @Test
    void linksNeedTwoDistinctUpPorts() {
        TopologyGraph g = twoSwitches();
        assertThatThrownBy(() -> g.putLink(Link.of(1, 9, 2, 1), LinkType.DIRECT, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known and up");
        assertThatThrownBy(() -> g.putLink(Link.of(1, 2, 3, 1), LinkType.DIRECT, T0))
                .hasMessageContaining("known and up");
        assertThatThrownBy(() -> g.putLink(Link.of(1, 2, 1, 2), LinkType.DIRECT, T0))
                .hasMessageContaining("one port");
        g.portDown(SwitchPort.of(2, 1));
        assertThatThrownBy(() -> g.putLink(AB, LinkType.DIRECT, T0)).hasMessageContaining("known and up");
        assertThat(g.putLink(Link.of(1, 2, 1, 3), LinkType.BROADCAST_DOMAIN, T0))
                .as("two ports of one switch joined through a legacy segment").hasSize(1);
    }

    @Test
    void aPortGoingDownRemovesBothDirectionsAndStaysKnown() {
        TopologyGraph g = threeLinks();
        List<LinkEvent> down = g.portDown(SwitchPort.of(2, 1));
        assertThat(down).extracting(e -> e.link().link()).containsExactly(AB, BA);
        assertThat(down).extracting(LinkEvent::type).containsOnly(LinkEvent.Type.PORT_DOWN);
        assertThat(down).allMatch(LinkEvent::isRemoval);
        assertThat(g.links()).extracting(LinkRecord::link).containsExactly(Link.of(1, 3, 2, 2));
        assertThat(g.isPortUp(SwitchPort.of(2, 1))).isFalse();
        assertThat(g.ports(2)).containsExactly(1, 2);
        assertThat(g.upPorts(2)).containsExactly(2);
        assertThat(g.isLinkPort(SwitchPort.of(1, 2))).isFalse();
        assertThat(g.portDown(SwitchPort.of(2, 1))).as("already down").isEmpty();
        assertThat(g.portUp(SwitchPort.of(2, 1))).isTrue();
        assertThat(g.links()).as("links come back only by discovery").hasSize(1);
    }

    @Test
    void everyRemovalFromALargerGraphReportsExactlyTheLinksItRemoved() {
        for (int port = 2; port <= 3; port++) {
            for (long dpid = 1; dpid <= 8; dpid++) {
                TopologyGraph g = TestTopologies.ring(8);
                SwitchPort down = SwitchPort.of(dpid, port);
                List<LinkRecord> touching = g.linksAt(down);
                assertThat(touching).hasSize(2);
                assertThat(g.portDown(down)).extracting(LinkEvent::link).containsExactlyInAnyOrderElementsOf(touching);
                assertThat(g.links()).hasSize(14).noneMatch(r -> r.src().equals(down) || r.dst().equals(down));
                for (LinkRecord r : g.links()) {
                    assertThat(g.isLinkPort(r.src())).isTrue();
                    assertThat(g.isLinkPort(r.dst())).isTrue();
                }
                assertThat(g.isLinkPort(down)).isFalse();
            }
        }
    }

    @Test
    void removingAPortOrASwitchRemovesItsLinks() {
        TopologyGraph g = threeLinks();
        assertThat(g.removePort(SwitchPort.of(1, 3))).extracting(LinkEvent::type)
                .containsExactly(LinkEvent.Type.PORT_DOWN);
        assertThat(g.ports(1)).containsExactly(1, 2);
        List<LinkEvent> gone = g.removeSwitch(2);
        assertThat(gone).extracting(e -> e.link().link()).containsExactly(AB, BA);
        assertThat(gone).extracting(LinkEvent::type).containsOnly(LinkEvent.Type.SWITCH_REMOVED);
        assertThat(g.links()).isEmpty();
        assertThat(g.switches()).containsExactly(1L);
        assertThat(g.removeSwitch(2)).isEmpty();
        assertThat(g.isLinkPort(SwitchPort.of(1, 2))).isFalse();
    }

    @Test
    void linksTimeOutWhenNotSeenForLongerThanTheTimeout() {
        TopologyGraph g = twoSwitches();
        g.putLink(AB, LinkType.DIRECT, T0);
        g.putLink(BA, LinkType.DIRECT, T0);
        g.putLink(BA, LinkType.DIRECT, T0 + 20_000);
        assertThat(g.expireLinks(T0 + 35_000, 35_000)).as("exactly the timeout: still alive").isEmpty();
        List<LinkEvent> expired = g.expireLinks(T0 + 35_001, 35_000);
        assertThat(expired).extracting(LinkEvent::type).containsExactly(LinkEvent.Type.TIMED_OUT);
        assertThat(expired.get(0).link().link()).isEqualTo(AB);
        assertThat(g.links()).extracting(LinkRecord::link).containsExactly(BA);
        assertThat(g.isLinkPort(SwitchPort.of(1, 2))).as("BA still ends there").isTrue();
        assertThat(g.expireLinks(T0 + 55_001, 35_000)).hasSize(1);
        assertThat(g.isLinkPort(SwitchPort.of(1, 2))).isFalse();
    }

    @Test
    void linksFromAndAtSelectByEnd() {
        TopologyGraph g = new TopologyGraph();
        g.addSwitch(1, List.of(2));
        g.addSwitch(-1L, List.of(1, 0xfffffffe));
        g.addSwitch(0, List.of(1));
        g.putLink(Link.of(-1L, 0xfffffffe, 1, 2), LinkType.DIRECT, T0);
        g.putLink(Link.of(1, 2, -1L, 0xfffffffe), LinkType.DIRECT, T0);
        g.putLink(Link.of(-1L, 1, 0, 1), LinkType.DIRECT, T0);
        g.putLink(Link.of(0, 1, -1L, 1), LinkType.DIRECT, T0);
        assertThat(g.linksFrom(-1L)).extracting(LinkRecord::link)
                .containsExactly(Link.of(-1L, 1, 0, 1), Link.of(-1L, 0xfffffffe, 1, 2));
        assertThat(g.linksFrom(0)).extracting(LinkRecord::link).containsExactly(Link.of(0, 1, -1L, 1));
        assertThat(g.linksFrom(7)).isEmpty();
        assertThat(g.linksAt(SwitchPort.of(1, 2))).extracting(LinkRecord::link)
                .containsExactly(Link.of(1, 2, -1L, 0xfffffffe), Link.of(-1L, 0xfffffffe, 1, 2));
        assertThat(g.removeLink(Link.of(0, 1, -1L, 1))).extracting(LinkEvent::type)
                .containsExactly(LinkEvent.Type.REMOVED);
        assertThat(g.removeLink(Link.of(0, 1, -1L, 1))).isEmpty();
    }

    @Test
    void linksNameTheirCableOnce() {
        assertThat(AB.undirected()).isEqualTo(AB);
        assertThat(BA.undirected()).isEqualTo(AB);
        assertThat(Link.of(3, 1, 3, 2).isSelfLoop()).isTrue();
        assertThat(AB.toString()).isEqualTo("00:00:00:00:00:00:00:01/2->00:00:00:00:00:00:00:02/1");
    }

    @Test
    void datapathIdsAndMacAddressesReadAndPrint() {
        assertThat(Dpid.toString(0x1L)).isEqualTo("00:00:00:00:00:00:00:01");
        assertThat(Dpid.toString(-1L)).isEqualTo("ff:ff:ff:ff:ff:ff:ff:ff");
        assertThat(Dpid.parse("00:00:00:00:00:00:00:0A")).isEqualTo(10L);
        assertThat(Dpid.parse("0x1f")).isEqualTo(31L);
        assertThat(Dpid.parse("ffffffffffffffff")).isEqualTo(-1L);
        assertThatThrownBy(() -> Dpid.parse("00:01")).hasMessageContaining("8 hex bytes");
        assertThatThrownBy(() -> Dpid.parse("12345678901234567")).hasMessageContaining("not a datapath id");
        assertThatThrownBy(() -> Dpid.parse("xyz")).hasMessageContaining("not a datapath id");
        assertThat(MacAddresses.parse("0a:00:00:00:00:01")).isEqualTo(0x0a0000000001L);
        assertThat(MacAddresses.toString(0x0a0000000001L)).isEqualTo("0a:00:00:00:00:01");
        assertThatThrownBy(() -> MacAddresses.parse("0a:00:00:00:01")).hasMessageContaining("not a MAC");
        assertThatThrownBy(() -> MacAddresses.parse("0a:00:00:00:00:0g")).hasMessageContaining("not a MAC");
        assertThat(MacAddresses.isUnicast(0x0a0000000001L)).isTrue();
        assertThat(MacAddresses.isUnicast(0)).isFalse();
        assertThat(MacAddresses.isUnicast(MacAddresses.BROADCAST)).isFalse();
        assertThat(MacAddresses.isUnicast(0x0180c200000eL)).as("group bit").isFalse();
        assertThat(MacAddresses.isUnicast(1L << 48)).as("more than 48 bits").isFalse();
    }
}
