package org.netserv.sidecar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netserv.sidecar.io.WireFrames.tagged;
import static org.netserv.sidecar.io.WireFrames.udp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * VLAN tags: the kernel removes the outer tag before packet sockets see a frame; the transport puts it
 * back, so handlers and the wire see the frame as sent. Filters see the frame without its outer tag.
 */
class AfPacketVlanTest extends WireTestBase {
    private static final List<byte[]> TAGGED = List.of(
            udp(5060, 64, 1, 123),                       // 802.1Q, VID 123
            tagged(udp(5060, 60, 2), 0x8100, 5 << 13),   // priority tag: PCP 5, VID 0
            udp(5060, 1518, 3, 4094),                    // largest tagged frame on a 1500-byte MTU
            tagged(udp(5060, 60, 4, 20), 0x88a8, 10));   // 802.1ad outer tag over an 802.1Q one

    @Test
    void handlersSeeAndForwardTagsAsTheyWereOnTheWire() throws Exception {
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        AfPacketTransport t = open(null);
        poll(t, (frame, out) -> {
            seen.add(WireFrames.copy(frame));
            return frame.limit();
        });
        List<byte[]> sent = new ArrayList<>(TAGGED);
        sent.add(udp(5060, 60, 5)); // untagged in between: nothing inserted
        peer.sendAll(sent);

        List<byte[]> back = peer.receive(sent.size(), WAIT);
        back.addAll(peer.receiveFor(QUIET));

        assertThat(seen).usingElementComparator(Arrays::compare).containsExactlyElementsOf(sent);
        assertThat(back).usingElementComparator(Arrays::compare).containsExactlyElementsOf(sent);
    }

    @Test
    void aFilterForUntaggedFramesMatchesSingleTaggedOnesButNotDoubleTaggedOnes() throws Exception {
        AfPacketTransport t = open("udp and dst port 5060");
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        poll(t, (frame, out) -> {
            seen.add(WireFrames.copy(frame));
            return FrameHandler.DROP;
        });
        peer.sendAll(TAGGED);
        peer.send(udp(5061, 64, 6, 123));
        Thread.sleep(QUIET.toMillis() * 2);

        // the kernel strips only the outer tag; behind the 802.1ad tag the filter sees 0x8100, not IPv4
        assertThat(seen).usingElementComparator(Arrays::compare).containsExactlyElementsOf(TAGGED.subList(0, 3));
    }
}
