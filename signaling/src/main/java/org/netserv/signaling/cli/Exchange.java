package org.netserv.signaling.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistException;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpException;
import org.netserv.signaling.nslp.Response;

/**
 * Sends a datagram and waits for the response of its session on the same socket, sending the same bytes
 * again after {@code retry}, {@code 2 retry}, {@code 4 retry}... (RFC 5971's back-off) until {@code tries}
 * sends or {@code timeout} in all. Datagrams of other sessions and unreadable ones are ignored.
 */
final class Exchange {
    /** The answer (null if none came), how many times the request was sent, and how long it all took. */
    record Result(Response response, InetSocketAddress from, int attempts, long elapsedMillis) {}

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final PrintWriter log;

    /** @param log where to tell what happens, or null */
    Exchange(DatagramSocket socket, InetSocketAddress target, PrintWriter log) {
        this.socket = socket;
        this.target = target;
        this.log = log;
    }

    Result run(byte[] datagram, SessionId session, String nonce, Duration retry, int tries, Duration timeout)
            throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long wait = retry.toNanos();
        byte[] buf = new byte[65535];
        int attempts = 0;
        while (attempts < tries && System.nanoTime() < deadline) {
            socket.send(new DatagramPacket(datagram, datagram.length, target));
            attempts++;
            log("sent " + datagram.length + " bytes to " + target + " (try " + attempts + " of " + tries + ")");
            long until = Math.min(System.nanoTime() + wait, deadline);
            wait *= 2;
            while (true) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue; // the loop looks at the clock: a timed wait may end a little early
                }
                Response r = responseOf(p, session, nonce);
                if (r != null) {
                    return new Result(r, (InetSocketAddress) p.getSocketAddress(), attempts,
                            (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        return new Result(null, null, attempts, (System.nanoTime() - start) / 1_000_000);
    }

    private Response responseOf(DatagramPacket p, SessionId session, String nonce) {
        String from = p.getSocketAddress().toString();
        try {
            GistMessage m = GistCodec.decode(p.getData(), p.getOffset(), p.getLength());
            if (!m.session().equals(session)) {
                log("ignored a datagram of another session from " + from);
                return null;
            }
            Response r = NslpCodec.decodeResponse(m.nslpData());
            if (r.nonce() != null && !r.nonce().equals(nonce)) {
                log("ignored a response to another request (nonce " + r.nonce() + ") from " + from);
                return null;
            }
            log("received the response from " + from);
            return r;
        } catch (GistException | NslpException e) {
            log("ignored an unreadable datagram from " + from + ": " + e.getMessage());
            return null;
        }
    }

    private void log(String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }
}
