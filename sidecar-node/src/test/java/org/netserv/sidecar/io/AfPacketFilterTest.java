package org.netserv.sidecar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.netserv.sidecar.io.WireFrames.udp;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Kernel filters on a real socket: what is not selected never reaches the process. */
class AfPacketFilterTest extends WireTestBase {
    private static final String SIP = "udp and dst port 5060";

    @Test
    void aFilterSelectsTaggedAndUntaggedFramesInTheKernel() throws Exception {
        AfPacketTransport t = open(null);
        t.setFilter(SIP);
        List<Integer> ports = new CopyOnWriteArrayList<>();
        poll(t, (frame, out) -> {
            ports.add(WireFrames.dstPort(frame));
            return frame.limit();
        });
        List<byte[]> sent = new ArrayList<>();
        List<byte[]> selected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] sip = i % 2 == 0 ? udp(5060, 80, i) : udp(5060, 80, i, 100 + i);
            sent.add(sip);
            selected.add(sip);
            sent.add(i % 2 == 0 ? udp(5061, 80, i) : udp(5061, 80, i, 100 + i));
        }
        peer.sendAll(sent);

        List<byte[]> back = peer.receive(selected.size(), WAIT);
        back.addAll(peer.receiveFor(QUIET));

        assertThat(back).usingElementComparator(Arrays::compare).containsExactlyElementsOf(selected);
        assertThat(ports).hasSize(20).containsOnly(5060);
        assertThat(t.stats().received()).as("the others never reached the socket").isEqualTo(20);
    }

    @Test
    void complementaryTransportsSplitTheTrafficAndNeverSeeEachOthersSends() throws Exception {
        // Each echoes and also emits a frame the other's filter would select: only the peer may get those.
        AtomicInteger sipSeen = new AtomicInteger();
        AtomicInteger otherSeen = new AtomicInteger();
        AfPacketTransport sip = open(SIP);
        AfPacketTransport other = open("not (" + SIP + ")");
        poll(sip, (frame, out) -> {
            sipSeen.incrementAndGet();
            out.emit(ByteBuffer.wrap(udp(5061, 60, 7000 + sipSeen.get())));
            return frame.limit();
        });
        poll(other, (frame, out) -> {
            otherSeen.incrementAndGet();
            out.emit(ByteBuffer.wrap(udp(5060, 60, 8000 + otherSeen.get())));
            return frame.limit();
        });
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(udp(5060, 80, i));
            sent.add(udp(5061, 80, i));
        }
        peer.sendAll(sent);

        List<byte[]> back = peer.receive(200, WAIT);
        back.addAll(peer.receiveFor(QUIET));

        assertThat(back).as("echoes and emitted frames, once each").hasSize(200);
        assertThat(back).usingElementComparator(Arrays::compare).containsAll(sent);
        assertThat(sipSeen).hasValue(50);
        assertThat(otherSeen).hasValue(50);
        assertThat(sip.stats().received()).isEqualTo(50);
        assertThat(other.stats().received()).isEqualTo(50);
    }

    @Test
    void filtersChangeWhileRunningAndABadOneLeavesTheOldInPlace() throws Exception {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        AfPacketTransport t = open("less 1"); // what a container without modules starts with
        poll(t, (frame, out) -> {
            ports.add(WireFrames.dstPort(frame));
            return FrameHandler.DROP;
        });
        peer.send(udp(1, 60, 1));
        Thread.sleep(QUIET.toMillis());
        assertThat(ports).as("'less 1' selects nothing").isEmpty();

        t.setFilter(SIP);
        peer.sendAll(List.of(udp(2, 60, 2), udp(5060, 60, 3)));
        await().atMost(WAIT).until(() -> ports.size() == 1);

        assertThatThrownBy(() -> t.setFilter("udp and and")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad filter 'udp and and': can't parse filter expression: syntax error");
        peer.sendAll(List.of(udp(4, 60, 4), udp(5060, 60, 5)));
        await().atMost(WAIT).until(() -> ports.size() == 2);

        t.setFilter(null);
        peer.send(udp(6, 60, 6));
        await().atMost(WAIT).until(() -> ports.size() == 3);
        Thread.sleep(QUIET.toMillis());
        assertThat(ports).containsExactly(5060, 5060, 6);
    }

    @Test
    void aBadInitialFilterIsRejectedWithoutLeakingTheSocket() throws Exception {
        long before = openDescriptors();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> open("dst port 5060 or")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("bad filter 'dst port 5060 or': ");
        }
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
    }

    private static long openDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
