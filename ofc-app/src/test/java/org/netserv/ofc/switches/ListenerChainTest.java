package org.netserv.ofc.switches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

class ListenerChainTest {
    private final OFMessage echo = OFFactories.getFactory(OFVersion.OF_13).buildEchoRequest().build();
    private final List<String> calls = new ArrayList<>();
    private final OfSwitch sw = new OfSwitchAdapter(org.projectfloodlight.openflow.types.DatapathId.of(1));

    private OfMessageListener recording(String name, ListenerResult result) {
        return (sw, m) -> {
            calls.add(name);
            return result;
        };
    }

    @Test
    void listenersRunInTheDeclaredOrderWhateverTheRegistrationOrder() {
        ListenerChain chain = new ListenerChain(List.of("signaling", "steering", "forwarding"));
        chain.add(OFType.ECHO_REQUEST, "forwarding", recording("forwarding", ListenerResult.CONTINUE));
        chain.add(OFType.ECHO_REQUEST, "signaling", recording("signaling", ListenerResult.CONTINUE));
        chain.add(OFType.ECHO_REQUEST, "steering", recording("steering", ListenerResult.CONTINUE));
        chain.dispatch(sw, echo);
        assertThat(calls).containsExactly("signaling", "steering", "forwarding");
        assertThat(chain.listeners(OFType.ECHO_REQUEST)).containsExactly("signaling", "steering", "forwarding");
    }

    @Test
    void stopEndsTheChain() {
        ListenerChain chain = new ListenerChain(List.of("a", "b"));
        chain.add(OFType.ECHO_REQUEST, "a", recording("a", ListenerResult.STOP));
        chain.add(OFType.ECHO_REQUEST, "b", recording("b", ListenerResult.CONTINUE));
        chain.dispatch(sw, echo);
        assertThat(calls).containsExactly("a");
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() {
        ListenerChain chain = new ListenerChain(List.of("a", "b"));
        chain.add(OFType.ECHO_REQUEST, "a", (sw, m) -> {
            throw new IllegalStateException("boom");
        });
        chain.add(OFType.ECHO_REQUEST, "b", recording("b", ListenerResult.CONTINUE));
        chain.dispatch(sw, echo);
        assertThat(calls).containsExactly("b");
    }

    @Test
    void onlyOtherTypesListenersAreSkipped() {
        ListenerChain chain = new ListenerChain(List.of("a"));
        chain.add(OFType.PACKET_IN, "a", recording("a", ListenerResult.CONTINUE));
        chain.dispatch(sw, echo);
        assertThat(calls).isEmpty();
    }

    @Test
    void unknownOrDuplicateListenerIsRefused() {
        ListenerChain chain = new ListenerChain(List.of("a"));
        assertThatThrownBy(() -> chain.add(OFType.PACKET_IN, "zzz", recording("z", ListenerResult.CONTINUE)))
                .hasMessageContaining("'zzz' is not in the listener order [a]");
        chain.add(OFType.PACKET_IN, "a", recording("a", ListenerResult.CONTINUE));
        assertThatThrownBy(() -> chain.add(OFType.PACKET_IN, "a", recording("a", ListenerResult.CONTINUE)))
                .hasMessageContaining("already listens");
    }
}
