package org.netserv.sidecar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.module.api.Frames;
import org.netserv.module.api.Ipv4;

/** The AF_PACKET transport on a real veth pair: one end under test, a raw peer on the other. */
class AfPacketTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private Veth veth;
    private RawPeer peer;
    private final List<AfPacketTransport> opened = new ArrayList<>();
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean running = true;

    @BeforeEach
    void wire() throws Exception {
        assumeTrue(Veth.root(), "raw sockets need root");
        veth = new Veth();
        peer = new RawPeer(veth.b);
    }

    @AfterEach
    void unwire() throws Exception {
        running = false;
        for (Thread t : loops) {
            t.join(2000);
        }
        opened.forEach(AfPacketTransport::close);
        if (peer != null) {
            peer.close();
        }
        if (veth != null) {
            veth.close();
        }
    }

    private AfPacketTransport run(String filter, FrameHandler handler) throws IOException {
        AfPacketTransport t = AfPacketTransport.open(veth.a, AfPacketTransport.Options.defaults(), filter);
        opened.add(t);
        Thread loop = new Thread(() -> {
            while (running) {
                try {
                    t.poll(handler);
                } catch (IOException e) {
                    return;
                }
            }
        });
        loops.add(loop);
        loop.start();
        return t;
    }

    private static byte[] udp(int dstPort, int size, int seq) {
        byte[] payload = new byte[Math.max(0, size - 42)];
        payload[0] = (byte) seq;
        payload[1] = (byte) (seq >> 8);
        ByteBuffer f = Frames.udp(0x0200000000aaL, 0x0200000000bbL, Ipv4.parse("10.0.0.1"), Ipv4.parse("10.0.0.2"),
                4000, dstPort, payload, -1);
        byte[] b = new byte[f.remaining()];
        f.get(b);
        return b;
    }

    private List<byte[]> sendAll(List<byte[]> frames, int expectBack) {
        frames.forEach(peer::send);
        await().atMost(WAIT).until(() -> peer.received.size() >= expectBack);
        return new ArrayList<>(peer.received);
    }

    @Test
    void echoedFramesComeBackByteForByte() throws Exception {
        AfPacketTransport t = run(null, (frame, out) -> frame.limit());
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(udp(5060, i % 2 == 0 ? 60 : 1514, i));
        }
        List<byte[]> back = sendAll(sent, 300);
        assertThat(back).hasSize(300);
        assertThat(back).usingElementComparator(java.util.Arrays::compare).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(t.stats().received()).isEqualTo(300);
        assertThat(t.stats().sent()).isEqualTo(300);
    }

    @Test
    void droppedFramesStayAndEmittedOnesFollowModifiedOnesLeaveModified() throws Exception {
        run(null, (frame, out) -> {
            int port = frame.getShort(36) & 0xffff;
            if (port == 1) {
                return FrameHandler.DROP;
            }
            if (port == 2) {
                frame.put(42, (byte) 0x77); // change the payload in place
                return frame.limit();
            }
            ByteBuffer extra = ByteBuffer.wrap(udp(9, 60, 99));
            out.emit(extra);
            return frame.limit();
        });
        peer.send(udp(1, 60, 1));
        peer.send(udp(2, 60, 2));
        peer.send(udp(3, 60, 3));
        await().atMost(WAIT).until(() -> peer.received.size() >= 3);
        Thread.sleep(200);
        List<byte[]> back = new ArrayList<>(peer.received);
        assertThat(back).hasSize(3);
        assertThat(back.get(0)[42]).isEqualTo((byte) 0x77);
        assertThat(back.get(1)).isEqualTo(udp(3, 60, 3));
        assertThat(back.get(2)).as("emitted after its frame").isEqualTo(udp(9, 60, 99));
    }

    @Test
    void kernelFilterSelectsFramesAndComplementarySocketsSplitThemWithoutDuplicates() throws Exception {
        AtomicInteger sipSeen = new AtomicInteger();
        AtomicInteger otherSeen = new AtomicInteger();
        run("udp and dst port 5060", (frame, out) -> {
            sipSeen.incrementAndGet();
            return frame.limit();
        });
        run("not (udp and dst port 5060)", (frame, out) -> {
            otherSeen.incrementAndGet();
            return frame.limit();
        });
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(udp(5060, 80, i));
            sent.add(udp(5061, 80, i));
        }
        List<byte[]> back = sendAll(sent, 100);
        Thread.sleep(300);
        assertThat(peer.received).as("each frame came back exactly once").hasSize(100);
        assertThat(back).usingElementComparator(java.util.Arrays::compare).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(sipSeen).hasValue(50);
        assertThat(otherSeen).hasValue(50);
    }

    @Test
    void filtersChangeWhileRunning() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        AfPacketTransport t = run("less 1", (frame, out) -> {
            seen.incrementAndGet();
            return FrameHandler.DROP;
        });
        peer.send(udp(5060, 60, 1));
        Thread.sleep(300);
        assertThat(seen).as("'less 1' takes nothing").hasValue(0);
        t.setFilter("udp and dst port 5060");
        peer.send(udp(5060, 60, 2));
        peer.send(udp(7, 60, 3));
        await().atMost(WAIT).until(() -> seen.get() == 1);
        t.setFilter(null);
        peer.send(udp(7, 60, 4));
        await().atMost(WAIT).until(() -> seen.get() == 2);
    }

    @Test
    void vlanTaggedFramesKeepTheirTag() throws Exception {
        run(null, (frame, out) -> frame.limit());
        ByteBuffer tagged = Frames.udp(0x0200000000aaL, 0x0200000000bbL, Ipv4.parse("10.0.0.1"),
                Ipv4.parse("10.0.0.2"), 1, 2, new byte[20], 123);
        peer.send(tagged);
        await().atMost(WAIT).until(() -> peer.received.size() == 1);
        byte[] back = peer.received.get(0);
        assertThat(ByteBuffer.wrap(back).getShort(12) & 0xffff).isEqualTo(0x8100);
        assertThat(ByteBuffer.wrap(back).getShort(14) & 0x0fff).isEqualTo(123);
        byte[] expected = new byte[tagged.remaining()];
        tagged.duplicate().get(expected);
        assertThat(back).isEqualTo(expected);
    }

    @Test
    void errorsAreClear() throws Exception {
        assertThatThrownBy(() -> AfPacketTransport.open("nosuch0", AfPacketTransport.Options.defaults(), null))
                .isInstanceOf(IOException.class).hasMessage("no such interface: nosuch0");
        assertThatThrownBy(() -> AfPacketTransport.open(veth.a, AfPacketTransport.Options.defaults(), "udp and and"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad filter 'udp and and'");
        assertThatThrownBy(() -> PcapFilter.validate("port 99999")).hasMessageContaining("port");
    }

    @Test
    void closeEndsAPollInProgressWithinTheTimeout() throws Exception {
        AfPacketTransport t = AfPacketTransport.open(veth.a, AfPacketTransport.Options.defaults(), null);
        Thread poller = new Thread(() -> {
            try {
                while (true) {
                    t.poll((f, o) -> FrameHandler.DROP);
                }
            } catch (IOException e) {
                // closed: what we wait for
            }
        });
        poller.start();
        Thread.sleep(150);
        long start = System.nanoTime();
        t.close();
        poller.join(2000);
        assertThat(poller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
