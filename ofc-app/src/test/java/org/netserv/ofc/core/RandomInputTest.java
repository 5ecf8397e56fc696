package org.netserv.ofc.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.flow.FlowStore;
import org.netserv.ofc.switches.ListenerChain;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Random bytes from the network, before and after the handshake: nothing may escape as an exception, every
 * byte the controller sends back must be valid OpenFlow, and a switch keeps working after any number of
 * well-framed but nonsensical messages. (Seeded, so a failure can be replayed.)
 */
class RandomInputTest {
    private static final long SEED = 20261122L;

    private OpenFlowCore core() {
        return new OpenFlowCore(OpenFlowConfig.defaults(), new VersionNegotiation(OpenFlowModule.VERSIONS),
                new SwitchRegistry(new ListenerChain(List.of())), new FlowStore());
    }

    @Test
    void randomBytesBeforeHelloNeverCrashAndAreAnsweredWithValidOpenFlow() {
        Random rnd = new Random(SEED);
        OpenFlowCore core = core();
        for (int i = 0; i < 2000; i++) {
            ScriptedSwitch sw = new ScriptedSwitch(core);
            OfChannelHandler handler = (OfChannelHandler) sw.channel.pipeline().get("switch");
            sw.received();
            byte[] junk = new byte[1 + rnd.nextInt(200)];
            rnd.nextBytes(junk);
            if (i % 4 == 0) {
                junk[0] = 4; // make the version plausible so the length and type checks are reached
            }
            sw.sendBytes(junk);
            List<OFMessage> answers = sw.received(); // parses everything; fails on bad bytes
            sw.channel.checkException();
            assertThat(answers).allMatch(m -> m instanceof OFErrorMsg);
            assertThat(sw.channel.isOpen() ? handler.state() : HandshakeState.CLOSED)
                    .isIn(HandshakeState.CLOSED, HandshakeState.WAIT_HELLO, HandshakeState.WAIT_FEATURES_REPLY);
            sw.channel.finishAndReleaseAll();
        }
    }

    @Test
    void wellFramedNonsenseAfterTheHandshakeLeavesTheSwitchUp() {
        Random rnd = new Random(SEED + 1);
        OpenFlowCore core = core();
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.handshake(DatapathId.of(9), List.of());
        for (int i = 0; i < 3000; i++) {
            int bodyLength = rnd.nextInt(120);
            byte[] msg = new byte[8 + bodyLength];
            rnd.nextBytes(msg);
            msg[0] = 4;
            msg[2] = (byte) (msg.length >> 8);
            msg[3] = (byte) msg.length;
            sw.sendBytes(msg);
            sw.received(); // errors, echo replies or nothing, but always parsable
            sw.channel.checkException();
        }
        assertThat(sw.channel.isOpen()).isTrue();
        assertThat(core.registry().get(DatapathId.of(9))).isPresent();
    }
}
