package org.netserv.ofc.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;

class AuthorizationTest {
    private final Authorization auth = new Authorization(List.of(
            new UserGrant("alice", List.of("10.0.0.0/8"), List.of("5060-5061", "5201")),
            new UserGrant("root", List.of("0.0.0.0/0"), List.of("1-65535"))));

    private static PacketFilter udp(String src, String dst, Integer srcPort, Integer dstPort) {
        return new PacketFilter(Protocol.UDP, src == null ? null : Ipv4Prefix.parse(src),
                dst == null ? null : Ipv4Prefix.parse(dst), srcPort, dstPort);
    }

    @Test
    void filterInsideTheUsersPrefixAndPortsPasses() {
        assertThat(auth.refusal("alice", udp(null, "10.0.0.0/8", null, 5060))).isEmpty();
        assertThat(auth.refusal("alice", udp(null, "10.1.2.3/32", null, 5201))).isEmpty();
        assertThat(auth.refusal("alice", udp("10.0.0.2/32", null, 5061, null))).as("source side").isEmpty();
    }

    @Test
    void prefixOutsideTheGrantIsRefusedWithBothSides() {
        assertThat(auth.refusal("alice", udp(null, "192.0.2.0/24", null, 5060))).hasValueSatisfying(r -> assertThat(r)
                .contains("may only filter traffic from or to 10.0.0.0/8")
                .contains("source any address and destination 192.0.2.0/24"));
        assertThat(auth.refusal("alice", udp(null, null, null, 5060))).as("no prefix is every address").isPresent();
        assertThat(auth.refusal("alice", udp(null, "8.0.0.0/6", null, 5060))).as("wider than the grant").isPresent();
    }

    @Test
    void portOutsideTheGrantIsRefused() {
        assertThat(auth.refusal("alice", udp(null, "10.0.0.0/8", null, 5062))).hasValueSatisfying(r -> assertThat(r)
                .contains("may only filter ports 5060-5061, 5201").contains("destination port 5062"));
        assertThat(auth.refusal("alice", udp(null, "10.0.0.0/8", null, null))).as("no port is every port").isPresent();
    }

    @Test
    void unknownUserIsRefused() {
        assertThat(auth.refusal("mallory", udp(null, "10.0.0.0/8", null, 5060)))
                .hasValueSatisfying(r -> assertThat(r).contains("user 'mallory' is not known"));
        assertThat(auth.refusal("root", udp(null, null, null, 80))).isEmpty();
    }

    @Test
    void icmpNeedsNoPort() {
        assertThat(auth.refusal("alice", new PacketFilter(Protocol.ICMP, null, Ipv4Prefix.parse("10.0.0.1/32"), null, null)))
                .isEmpty();
    }

    @Test
    void badGrantsAreRefusedAtLoad() {
        assertThatThrownBy(() -> new Authorization(List.of(new UserGrant("bob", List.of("10.0.0.0/33"), List.of()))))
                .hasMessageStartingWith("user 'bob': ");
        assertThatThrownBy(() -> new Authorization(List.of(new UserGrant("bob", List.of(), List.of("9-2")))))
                .hasMessageContaining("port range '9-2'");
        assertThatThrownBy(() -> new SteeringConfig(null, List.of(new UserGrant("bob", null, null, "ssh-rsa AAAA bob")), null))
                .hasMessageStartingWith("user 'bob': publicKey: ");
        assertThatThrownBy(() -> new SteeringConfig(null, List.of(new UserGrant("bob", null, null),
                new UserGrant("bob", null, null)), null)).hasMessageContaining("listed twice");
    }
}
