package org.netserv.sidecar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Compiling filters with libpcap, no socket needed. */
class PcapFilterTest {

    @Test
    void compilesToClassicBpfThatStartsWithTheEtherType() {
        byte[] code = PcapFilter.compile("udp and dst port 5060");
        ByteBuffer first = ByteBuffer.wrap(code).order(ByteOrder.nativeOrder());

        assertThat(code.length % 8).isZero();
        assertThat(code.length / 8).isBetween(5, 40);
        assertThat(first.getShort(0)).as("ldh [12]").isEqualTo((short) 0x28);
        assertThat(first.getInt(4)).isEqualTo(12);
    }

    @Test
    void badExpressionsSayWhatLibpcapSays() {
        assertThatThrownBy(() -> PcapFilter.validate("udp and and")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad filter 'udp and and': can't parse filter expression: syntax error");
        assertThatThrownBy(() -> PcapFilter.validate("port 99999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad filter 'port 99999': illegal port number 99999 > 65535");
        assertThatThrownBy(() -> PcapFilter.validate("ip host nosuch.invalid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad filter 'ip host nosuch.invalid': ");
    }

    @Test
    void vlanIsRejectedBecauseOnAPacketSocketItMatchesNothing() {
        assertThatThrownBy(() -> PcapFilter.validate("vlan 100 and udp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vlan' matches nothing on a packet socket");
        assertThatCode(() -> PcapFilter.validate("ether host 02:00:00:00:00:aa or dst net 10.0.0.0/8"))
                .doesNotThrowAnyException();
    }

    @Test
    void nullSelectsEverythingAndIsValid() {
        assertThatCode(() -> PcapFilter.validate(null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> PcapFilter.compile(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
