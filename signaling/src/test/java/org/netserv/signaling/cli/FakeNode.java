package org.netserv.signaling.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.nslp.NodeEntry;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.Response;

/**
 * A stand-in for the NetServ nodes on a path: a UDP socket on 127.0.0.1 that records every datagram and
 * answers the ones it is told to (after dropping the first few, or never) from a thread of its own.
 */
final class FakeNode implements AutoCloseable {
    /** What to send back for a request: the datagrams, in order (none to stay silent). */
    interface Answer extends BiFunction<GistMessage, Request, List<byte[]>> {}

    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final DatagramSocket socket;
    private final Thread thread;

    FakeNode(int dropFirst, Answer answer) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(() -> serve(dropFirst, answer), "fake-netserv-node");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(int dropFirst, Answer answer) {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            byte[] datagram = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
            received.add(datagram);
            if (received.size() <= dropFirst) {
                continue;
            }
            try {
                GistMessage m = GistCodec.decode(datagram);
                if (m.route().origin().port() != p.getPort()) {
                    problems.add("the route record's origin port " + m.route().origin().port() + " is not the sender's "
                            + p.getPort());
                }
                for (byte[] out : answer.apply(m, NslpCodec.decodeRequest(m.nslpData()))) {
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (Exception e) {
                problems.add(e.toString());
            }
        }
    }

    /** The usual answer: both nodes acted, in path order s1, s2. */
    static List<byte[]> twoNodes(GistMessage m, Request r) {
        Response resp = Response.to(r, 200, "OK")
                .withNode(NodeEntry.of("ofc1/of:0000000000000002", 200, "installed").withInfo("sidecar", "sc2"))
                .withNode(NodeEntry.of("ofc1/of:0000000000000001", 200, "installed"));
        return List.of(GistCodec.encode(m.response(NslpCodec.encode(resp))));
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5000);
    }
}
