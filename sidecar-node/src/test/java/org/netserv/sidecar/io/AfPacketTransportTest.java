package org.netserv.sidecar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.netserv.sidecar.io.WireFrames.udp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The AF_PACKET transport on a real veth pair: echo, drop, modify, emit, errors, lifecycle. */
class AfPacketTransportTest extends WireTestBase {

    @Test
    void echoedFramesComeBackUnchangedCountedAndInOrder() throws Exception {
        AfPacketTransport t = echo(null);
        List<byte[]> sent = new ArrayList<>();
        sent.add(udp(5060, 60, 1));
        sent.add(udp(5060, 1514, 2));
        sent.add(udp(5060, 64, 3, 123));
        Random sizes = new Random(7);
        for (int i = 0; i < 300; i++) {
            sent.add(udp(1000 + i, 60 + sizes.nextInt(1514 - 60 + 1), 100 + i));
        }
        peer.sendAll(sent);

        List<byte[]> back = peer.receive(sent.size(), WAIT);
        back.addAll(peer.receiveFor(QUIET));

        assertThat(back).usingElementComparator(Arrays::compare).containsExactlyElementsOf(sent);
        assertThat(t.stats()).isEqualTo(new TransportStats(sent.size(), sent.size(), 0));
        assertThat(t.counters().kernelDrops()).isZero();
    }

    @Test
    void pollingAllocatesNothingPerFrame() throws Exception {
        AfPacketTransport t = open(null);
        Poller poller = poll(t, (frame, out) -> {
            out.emit(frame); // the emit path too
            return frame.limit();
        });
        byte[] f = udp(5060, 64, 1);
        for (int i = 0; i < 2000; i++) { // warm-up: class loading, JIT
            peer.send(f);
        }
        await().atMost(WAIT).until(() -> t.stats().received() >= 1500);
        Thread.sleep(QUIET.toMillis());
        long received = t.stats().received();
        long allocated = poller.allocatedBytes();

        for (int i = 0; i < 20_000; i++) {
            peer.send(f);
        }
        await().atMost(WAIT).until(() -> t.stats().received() - received >= 15_000);
        long frames = t.stats().received() - received;
        long bytes = poller.allocatedBytes() - allocated;

        // idle polls (no frame within the timeout) may allocate a little to check the interface still exists
        assertThat(bytes).as("%d bytes allocated for %d frames", bytes, frames).isLessThan(frames / 2);
    }

    @Test
    void droppedFramesStayModifiedOnesLeaveModifiedEmittedOnesFollowTheirFrame() throws Exception {
        byte[] reply = udp(9, 60, 99);
        poll(open(null), (frame, out) -> {
            switch (WireFrames.dstPort(frame)) {
                case 1:
                    return FrameHandler.DROP;
                case 2:
                    frame.put(50, (byte) 0x77);   // in place, in the payload
                    return frame.limit();
                case 3:
                    return 70;                   // the first 70 bytes only
                case 4:
                    out.emit(ByteBuffer.wrap(reply));
                    return frame.limit();
                default:
                    out.emit(ByteBuffer.wrap(reply));
                    out.emit(ByteBuffer.wrap(reply, 0, 60));
                    return FrameHandler.DROP;    // replaced by what it emitted
            }
        });
        for (int port = 1; port <= 5; port++) {
            peer.send(udp(port, 100, port));
        }

        List<byte[]> back = peer.receive(6, WAIT);
        back.addAll(peer.receiveFor(QUIET));

        byte[] modified = udp(2, 100, 2);
        modified[50] = 0x77;
        assertThat(back).usingElementComparator(Arrays::compare).containsExactly(
                modified, Arrays.copyOf(udp(3, 100, 3), 70), udp(4, 100, 4), reply, reply, reply);
    }

    @Test
    void framesEmittingMoreThanTheSendSlotsHoldStillLeaveInOrder() throws Exception {
        AfPacketTransport t = open(AfPacketTransport.Options.defaults().withBatch(4), null);
        poll(t, (frame, out) -> {
            for (int k = 1; k <= 3; k++) {
                ByteBuffer copy = ByteBuffer.wrap(WireFrames.copy(frame));
                copy.put(50, (byte) k);
                out.emit(copy);
            }
            return frame.limit();
        });
        List<byte[]> sent = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] f = udp(5060, 80, i);
            sent.add(f);
            expected.add(f);
            for (int k = 1; k <= 3; k++) {
                byte[] e = f.clone();
                e[50] = (byte) k;
                expected.add(e);
            }
        }
        peer.sendAll(sent);

        List<byte[]> back = peer.receive(expected.size(), WAIT);

        assertThat(back).usingElementComparator(Arrays::compare).containsExactlyElementsOf(expected);
        assertThat(t.stats().sent()).isEqualTo(160);
    }

    @Test
    void aHandlerThatThrowsCostsOnlyTheRestOfItsBatchAndPollingGoesOn() throws Exception {
        AfPacketTransport t = open(null);
        Poller poller = poll(t, (frame, out) -> {
            if (WireFrames.dstPort(frame) == 13) {
                throw new IllegalStateException("module bug");
            }
            return frame.limit();
        });
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(udp(i == 10 ? 13 : 5060, 60, i));
        }
        peer.sendAll(sent);
        await().atMost(WAIT).until(() -> t.stats().received() == 30);
        List<byte[]> back = peer.receiveFor(QUIET);

        long unhandled = t.counters().unhandled();
        assertThat(poller.failures).singleElement().hasToString("java.lang.IllegalStateException: module bug");
        assertThat(back).hasSize((int) (30 - 1 - unhandled));
        assertThat(back).usingElementComparator(Arrays::compare).containsSubsequence(sent.subList(0, 10));

        byte[] after = udp(5060, 60, 1000);
        peer.send(after);
        assertThat(peer.receive(1, WAIT)).singleElement().isEqualTo(after);
    }

    @Test
    void framesLargerThanASlotAreDroppedAndCountedJumboSlotsCarryThem() throws Exception {
        net.mtu(9000);
        AfPacketTransport small = echo(null);
        byte[] fits = udp(1, 2048, 1);
        byte[] fitsOnlyUntagged = udp(2, 2048 + 2, 2, 7); // 2046 bytes without its tag
        byte[] tooLarge = udp(3, 3000, 3);
        peer.sendAll(List.of(fits, fitsOnlyUntagged, tooLarge));
        assertThat(peer.receiveFor(QUIET.multipliedBy(2))).singleElement().isEqualTo(fits);
        assertThat(small.counters().unfit()).isEqualTo(2);
        small.close();

        echoWith(AfPacketTransport.Options.defaults().withSlotSize(AfPacketTransport.Options.JUMBO_SLOT));
        List<byte[]> large = List.of(udp(4, 9014, 4), udp(5, 9018, 5, 8));
        peer.sendAll(large);
        assertThat(peer.receive(2, WAIT)).usingElementComparator(Arrays::compare).containsExactlyElementsOf(large);
    }

    private void echoWith(AfPacketTransport.Options options) throws IOException {
        poll(open(options, null), (frame, out) -> frame.limit());
    }

    @Test
    void closeEndsABlockedPollWithinThePollTimeout() throws Exception {
        AfPacketTransport t = open(null);
        Poller poller = poll(t, (frame, out) -> frame.limit());
        Thread.sleep(150); // the poller is in recvmmsg now
        long start = System.nanoTime();
        t.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);
        await().atMost(Duration.ofSeconds(1)).until(() -> !poller.isAlive());

        assertThat(closing).isLessThan(Duration.ofMillis(500)); // poll timeout 100 ms, slack for a busy machine
        assertThat(poller.failures).singleElement().hasToString(
                "java.io.IOException: transport on " + net.dut + " is closed");
        assertThatThrownBy(() -> t.setFilter("udp")).hasMessage("transport on " + net.dut + " is closed");
        t.close(); // again: nothing happens
    }

    @Test
    void closeFromAHandlerLetsItsBatchLeaveFirst() throws Exception {
        AfPacketTransport t = open(null);
        Poller poller = poll(t, (frame, out) -> {
            t.close();
            return frame.limit();
        });
        byte[] f = udp(5060, 60, 1);
        peer.send(f);
        assertThat(peer.receive(1, WAIT)).singleElement().isEqualTo(f);
        await().atMost(WAIT).until(() -> !poller.isAlive());
        assertThat(poller.failures).singleElement().isInstanceOf(IOException.class);
    }

    @Test
    void aLinkGoingDownPausesPollingAndRemovingTheInterfaceEndsIt() throws Exception {
        AfPacketTransport t = open(null);
        AtomicInteger seen = new AtomicInteger();
        Poller poller = poll(t, (frame, out) -> {
            seen.incrementAndGet();
            return frame.limit();
        });
        TestNet.run("ip", "link", "set", net.dut, "down");
        Thread.sleep(300);
        TestNet.run("ip", "link", "set", net.dut, "up");
        byte[] f = udp(5060, 60, 1);
        await().atMost(WAIT).until(() -> {
            peer.send(f); // the veth carrier needs a moment after "up"
            return !peer.receive(1, Duration.ofMillis(100)).isEmpty();
        });
        assertThat(poller.failures).isEmpty();

        net.removeLink();
        await().atMost(Duration.ofSeconds(1)).until(() -> !poller.isAlive());
        assertThat(poller.failures).singleElement().hasToString(
                "java.io.IOException: interface " + net.dut + " was removed");
    }

    @Test
    void aMissingInterfaceIsNamed() {
        assertThatThrownBy(() -> AfPacketTransport.open("nosuch0", AfPacketTransport.Options.defaults()))
                .isInstanceOf(IOException.class).hasMessage("no such interface: nosuch0");
    }

    @Test
    void withoutCapNetRawTheErrorSaysWhatIsNeeded() throws Exception {
        Object[] result = new Object[1];
        Thread unprivileged = new Thread(() -> {
            Capabilities.dropEffective(TestLibC.CAP_NET_RAW); // this thread only
            try {
                result[0] = AfPacketTransport.open(net.dut, AfPacketTransport.Options.defaults());
            } catch (IOException e) {
                result[0] = e;
            }
        });
        unprivileged.start();
        unprivileged.join();
        if (result[0] instanceof AfPacketTransport opened) {
            opened.close();
        }
        assertThat(result[0]).isInstanceOf(IOException.class);
        assertThat(((IOException) result[0]).getMessage()).isEqualTo("cannot open a raw socket for " + net.dut
                + ": Operation not permitted (errno 1); raw sockets need root or CAP_NET_RAW");
    }
}
