package org.netserv.sidecar.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh namespace and veth pair per test (see {@link TestNet}), a {@link NetnsPeer} on the far end, and
 * bookkeeping so that every transport and polling thread a test starts is stopped, and the network
 * removed, even when the test fails.
 */
abstract class WireTestBase {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration QUIET = Duration.ofMillis(250);

    TestNet net;
    NetnsPeer peer;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void wire() throws IOException {
        assumeTrue(TestNet.root(), "raw sockets and network namespaces need root");
        net = new TestNet();
        peer = new NetnsPeer(net.ns, net.peer);
    }

    @AfterEach
    void unwire() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // go on cleaning up
            }
        }
        if (peer != null) {
            peer.close();
        }
        if (net != null) {
            net.close();
        }
    }

    AfPacketTransport open(String filter) throws IOException {
        return open(AfPacketTransport.Options.defaults(), filter);
    }

    AfPacketTransport open(AfPacketTransport.Options options, String filter) throws IOException {
        AfPacketTransport t = AfPacketTransport.open(net.dut, options, filter);
        toClose.add(t);
        return t;
    }

    /** Polls {@code t} on a thread until the test ends (stopped before {@code t} is closed). */
    Poller poll(AfPacketTransport t, FrameHandler handler) {
        Poller p = new Poller(t, handler);
        toClose.add(p);
        return p;
    }

    AfPacketTransport echo(String filter) throws IOException {
        AfPacketTransport t = open(filter);
        poll(t, (frame, out) -> frame.limit());
        return t;
    }
}
