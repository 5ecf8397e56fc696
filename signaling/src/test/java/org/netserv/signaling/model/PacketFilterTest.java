package org.netserv.signaling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketFilterTest {
    private static int ip(String s) {
        return Ipv4Prefix.parse(s).address();
    }

    @Test
    void matchesOnProtocolPortsAndPrefixes() {
        PacketFilter f = ModelJson.read("{\"proto\":\"udp\",\"dstPort\":5060,\"dstPrefix\":\"192.0.2.0/24\"}",
                PacketFilter.class);
        assertThat(f.matches(17, ip("10.0.0.1"), ip("192.0.2.9"), 4000, 5060)).isTrue();
        assertThat(f.matches(6, ip("10.0.0.1"), ip("192.0.2.9"), 4000, 5060)).as("tcp").isFalse();
        assertThat(f.matches(17, ip("10.0.0.1"), ip("192.0.3.9"), 4000, 5060)).as("outside prefix").isFalse();
        assertThat(f.matches(17, ip("10.0.0.1"), ip("192.0.2.9"), 4000, 5061)).as("other port").isFalse();
        assertThat(f.matches(-1, 0, 0, -1, -1)).as("not IPv4").isFalse();
    }

    @Test
    void rendersAsALibpcapExpression() {
        PacketFilter f = new PacketFilter(Protocol.TCP, Ipv4Prefix.parse("10.0.0.0/8"), null, null, 80);
        assertThat(f.toPcapExpression()).isEqualTo("tcp and src net 10.0.0.0/8 and dst port 80");
        assertThat(PacketFilter.of(Protocol.ICMP, null).toPcapExpression()).isEqualTo("icmp");
    }

    @Test
    void overlapIsDetectedExactly() {
        PacketFilter sip = PacketFilter.of(Protocol.UDP, 5060);
        assertThat(sip.overlaps(PacketFilter.of(Protocol.UDP, null))).isTrue();
        assertThat(sip.overlaps(PacketFilter.of(Protocol.UDP, 5061))).isFalse();
        assertThat(sip.overlaps(PacketFilter.of(Protocol.TCP, 5060))).isFalse();
        PacketFilter a = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.1.0.0/16"), null, 5060);
        PacketFilter b = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.0/8"), null, null);
        PacketFilter c = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.2.0.0/16"), null, 5060);
        assertThat(a.overlaps(b)).isTrue();
        assertThat(a.overlaps(c)).isFalse();
    }

    @Test
    void badFiltersAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ModelJson.read("{\"dstPort\":1}", PacketFilter.class))
                .hasMessageContaining("filter needs a proto");
        assertThatThrownBy(() -> ModelJson.read("{\"proto\":\"sctp\"}", PacketFilter.class))
                .hasMessageContaining("proto: unknown protocol 'sctp' (known: udp, tcp, icmp)");
        assertThatThrownBy(() -> ModelJson.read("{\"proto\":\"udp\",\"dstPort\":70000}", PacketFilter.class))
                .hasMessageContaining("dstPort must be 1-65535, got 70000");
        assertThatThrownBy(() -> ModelJson.read("{\"proto\":\"icmp\",\"dstPort\":1}", PacketFilter.class))
                .hasMessageContaining("dstPort makes no sense with proto icmp");
        assertThatThrownBy(() -> ModelJson.read("{\"proto\":\"udp\",\"dstPrefix\":\"10.0.0.1/8\"}", PacketFilter.class))
                .hasMessageContaining("did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> ModelJson.read("{\"proto\":\"udp\",\"dst_port\":1}", PacketFilter.class))
                .hasMessageContaining("unknown field 'dst_port'").hasMessageContaining("dstPort");
        assertThatThrownBy(() -> ModelJson.read("{\"proto\":\"udp\",\"dstPort\":\"5060\"}", PacketFilter.class))
                .hasMessageContaining("dstPort");
    }

    @Test
    void prefixesParseCompareAndRoundTrip() {
        assertThat(Ipv4Prefix.parse("192.0.2.0/24").toString()).isEqualTo("192.0.2.0/24");
        assertThat(Ipv4Prefix.parse("192.0.2.7").length()).isEqualTo(32);
        assertThat(Ipv4Prefix.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
        assertThat(Ipv4Prefix.parse("10.0.0.0/8").covers(Ipv4Prefix.parse("10.9.0.0/16"))).isTrue();
        assertThat(Ipv4Prefix.parse("10.9.0.0/16").covers(Ipv4Prefix.parse("10.0.0.0/8"))).isFalse();
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0/8")).hasMessageContaining("not an IPv4 prefix");
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/33")).hasMessageContaining("0-32");
        assertThat(ModelJson.write(Ipv4Prefix.parse("10.0.0.0/8"))).isEqualTo("\"10.0.0.0/8\"");
    }

    @Test
    void bothDirectionsSelectsTheReplyToo() {
        PacketFilter f = new PacketFilter(Protocol.TCP, null, Ipv4Prefix.parse("10.0.0.2/32"), null, 5201, true);
        int h1 = 0x0a000001;
        int h2 = 0x0a000002;
        assertThat(f.matches(6, h1, h2, 40000, 5201)).isTrue();
        assertThat(f.matches(6, h2, h1, 5201, 40000)).as("the reply").isTrue();
        assertThat(f.withBothDirections(false).matches(6, h2, h1, 5201, 40000)).isFalse();
        assertThat(f.toPcapExpression())
                .isEqualTo("(tcp and dst net 10.0.0.2/32 and dst port 5201) or (tcp and src net 10.0.0.2/32 and src port 5201)");
        assertThat(f.overlaps(new PacketFilter(Protocol.TCP, null, null, 5201, null))).isTrue();
        assertThat(f.overlaps(new PacketFilter(Protocol.TCP, Ipv4Prefix.parse("10.0.0.3/32"), null, null, 80))).isFalse();
        assertThat(f.withBothDirections(false).overlaps(new PacketFilter(Protocol.TCP, null, null, 5201, 80)))
                .as("only the reply overlaps").isFalse();
        assertThat(ModelJson.write(f)).contains("\"bothDirections\":true");
        assertThat(ModelJson.write(f.withBothDirections(false))).doesNotContain("bothDirections");
    }
}
