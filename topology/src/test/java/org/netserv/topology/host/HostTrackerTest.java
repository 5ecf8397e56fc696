package org.netserv.topology.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.topology.Link;
import org.netserv.topology.LinkType;
import org.netserv.topology.MacAddresses;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TopologyGraph;

class HostTrackerTest {
    private static final long IDLE = 300_000;
    private static final long H1 = MacAddresses.parse("0a:00:00:00:00:01");
    private static final long H2 = MacAddresses.parse("0a:00:00:00:00:02");
    private static final int IP1 = 0x0a000001;
    private static final SwitchPort A = SwitchPort.of(1, 1);
    private static final SwitchPort B = SwitchPort.of(2, 1);
    private static final SwitchPort TRUNK = SwitchPort.of(1, 2);

    private TopologyGraph graph;
    private HostTracker hosts;

    @BeforeEach
    void twoSwitchesWithALink() {
        graph = new TopologyGraph();
        graph.addSwitch(1, List.of(1, 2));
        graph.addSwitch(2, List.of(1, 2));
        graph.putLink(Link.of(1, 2, 2, 2), LinkType.DIRECT, 0);
        graph.putLink(Link.of(2, 2, 1, 2), LinkType.DIRECT, 0);
        hosts = new HostTracker(graph::isLinkPort, IDLE);
    }

    @Test
    void aHostIsAddedOnceAndRefreshedSilently() {
        List<HostEvent> added = hosts.learn(H1, OptionalInt.of(IP1), A, 10);
        Host h = new Host(H1, A, OptionalInt.of(IP1), 10, 10);
        assertThat(added).containsExactly(new HostEvent(HostEvent.Type.ADDED, h, Optional.empty()));
        assertThat(hosts.learn(H1, A, 20)).as("no IPv4 in this frame: the known one stays").isEmpty();
        assertThat(hosts.host(H1)).contains(new Host(H1, A, OptionalInt.of(IP1), 10, 20));
        assertThat(hosts.hostsWithIp(IP1)).extracting(Host::mac).containsExactly(H1);
        assertThat(hosts.hostsAt(A)).hasSize(1);
        assertThat(hosts.host(H1).orElseThrow().toString()).isEqualTo("0a:00:00:00:00:01 10.0.0.1 at "
                + "00:00:00:00:00:00:00:01/1");
    }

    @Test
    void framesOnInterSwitchPortsAndFromGroupAddressesTeachNothing() {
        hosts.learn(H1, A, 10);
        assertThat(hosts.learn(H1, TRUNK, 20)).as("H1's frame forwarded over the trunk").isEmpty();
        assertThat(hosts.learn(H2, SwitchPort.of(2, 2), 20)).isEmpty();
        assertThat(hosts.host(H1).orElseThrow().attachment()).isEqualTo(A);
        assertThat(hosts.host(H1).orElseThrow().lastSeen()).as("not refreshed by the trunk copy").isEqualTo(10);
        assertThat(hosts.host(H2)).isEmpty();
        assertThat(hosts.learn(MacAddresses.BROADCAST, A, 1)).isEmpty();
        assertThat(hosts.learn(0x01005e000001L, A, 1)).as("IPv4 multicast").isEmpty();
        assertThat(hosts.learn(0, A, 1)).isEmpty();
        assertThat(hosts.size()).isEqualTo(1);
        assertThat(hosts.learn(H2, OptionalInt.of(0), B, 1).get(0).host().ipv4()).as("0.0.0.0 is no address")
                .isEmpty();
    }

    @Test
    void aHostSeenOnAnotherHostPortHasMoved() {
        hosts.learn(H1, OptionalInt.of(IP1), A, 10);
        List<HostEvent> moved = hosts.learn(H1, B, 50);
        assertThat(moved).containsExactly(new HostEvent(HostEvent.Type.MOVED,
                new Host(H1, B, OptionalInt.of(IP1), 10, 50), Optional.of(A)));
        assertThat(hosts.hostsAt(A)).isEmpty();
        assertThat(hosts.hostsAt(B)).extracting(Host::mac).containsExactly(H1);
        assertThat(hosts.learn(H1, B, 60)).isEmpty();
        List<HostEvent> back = hosts.learn(H1, A, 70);
        assertThat(back).extracting(HostEvent::type).containsExactly(HostEvent.Type.MOVED);
        assertThat(back.get(0).previous()).contains(B);
    }

    @Test
    void anAddressChangeIsReported() {
        hosts.learn(H1, OptionalInt.of(IP1), A, 10);
        List<HostEvent> changed = hosts.learn(H1, OptionalInt.of(IP1 + 1), A, 20);
        assertThat(changed).extracting(HostEvent::type).containsExactly(HostEvent.Type.IP_CHANGED);
        assertThat(hosts.hostsWithIp(IP1)).isEmpty();
        assertThat(hosts.hostsWithIp(IP1 + 1)).extracting(Host::mac).containsExactly(H1);
        assertThat(hosts.host(H1).orElseThrow().ipv4Text()).isEqualTo("10.0.0.2");
        hosts.learn(H2, OptionalInt.of(IP1 + 1), B, 30);
        assertThat(hosts.hostsWithIp(IP1 + 1)).as("two claim it").extracting(Host::mac).containsExactly(H1, H2);
    }

    @Test
    void idleHostsExpire() {
        hosts.learn(H1, A, 0);
        hosts.learn(H2, B, 0);
        hosts.learn(H2, B, 100_000);
        assertThat(hosts.expire(IDLE)).isEmpty();
        List<HostEvent> expired = hosts.expire(IDLE + 1);
        assertThat(expired).extracting(HostEvent::type, e -> e.host().mac())
                .containsExactly(org.assertj.core.api.Assertions.tuple(HostEvent.Type.EXPIRED, H1));
        assertThat(hosts.hosts()).extracting(Host::mac).containsExactly(H2);
        assertThat(hosts.learn(H1, A, IDLE + 2)).as("back: new again").extracting(HostEvent::type)
                .containsExactly(HostEvent.Type.ADDED);
        assertThatThrownBy(() -> new HostTracker(graph::isLinkPort, 0)).hasMessageContaining("positive");
    }

    @Test
    void hostsOnAPortThatTurnsOutToBeALinkOrGoesDownAreForgotten() {
        hosts.learn(H1, OptionalInt.of(IP1), A, 0);
        hosts.learn(H2, B, 0);
        assertThat(hosts.forgetHostsOnLinkPorts()).isEmpty();
        graph.addSwitch(3, List.of(1));
        graph.putLink(Link.of(3, 1, 1, 1), LinkType.DIRECT, 0);   // 1/1 was a switch, not a host
        List<HostEvent> gone = hosts.forgetHostsOnLinkPorts();
        assertThat(gone).extracting(HostEvent::type).containsExactly(HostEvent.Type.REMOVED);
        assertThat(gone.get(0).host().mac()).isEqualTo(H1);
        assertThat(hosts.hostsWithIp(IP1)).isEmpty();
        assertThat(hosts.removeWhere(h -> h.attachment().equals(B))).hasSize(1);
        assertThat(hosts.hosts()).isEmpty();
    }
}
