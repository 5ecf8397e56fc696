package org.netserv.signaling.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PortProbeTest {
    private static final byte[] SIDECAR = {0x02, 0, 0, 0, 0, 0x07};

    @Test
    void aProbeAnsweredBySidecarNamesItAndWhereItWasSent() {
        byte[] frame = PortProbe.build(0x1122334455667788L, 4);
        assertThat(frame).hasSize(60);
        ByteBuffer b = ByteBuffer.wrap(frame);
        assertThat(PortProbe.isProbe(b)).isTrue();
        assertThat(PortProbe.parse(frame)).as("nobody answered yet").isEmpty();
        PortProbe.answer(b, SIDECAR);
        PortProbe.Reply r = PortProbe.parse(frame).orElseThrow();
        assertThat(r.responderMac()).isEqualTo(SIDECAR);
        assertThat(r.dpid()).isEqualTo(0x1122334455667788L);
        assertThat(r.port()).isEqualTo(4);
    }

    @Test
    void otherFramesAreNotProbes() {
        byte[] frame = PortProbe.build(1, 1);
        frame[14] = 'X';
        assertThat(PortProbe.parse(frame)).isEmpty();
        assertThat(PortProbe.isProbe(ByteBuffer.wrap(new byte[20]))).isFalse();
        byte[] ip = PortProbe.build(1, 1);
        ip[12] = 0x08;
        ip[13] = 0x00;
        assertThat(PortProbe.isProbe(ByteBuffer.wrap(ip))).isFalse();
    }
}
