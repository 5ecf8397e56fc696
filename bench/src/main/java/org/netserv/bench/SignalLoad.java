package org.netserv.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistException;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.gist.Mri;
import org.netserv.signaling.gist.RouteHop;
import org.netserv.signaling.gist.RouteRecord;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpException;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;
import org.netserv.signaling.nslp.Response;
import org.netserv.signaling.security.KeyFiles;
import org.netserv.signaling.security.Signer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A load generator for the NetServ nodes on a path: signed PROBE requests, each in its own GIST session,
 * sent toward an end user over UDP port 270, closed loop with {@code --window} requesters at once (one
 * socket and one thread each, so that every requester is a distinct UDP source port, as distinct
 * {@code netserv-signal} runs would be); counts the answers.
 *
 * <p>Every request is new (fresh nonce, its own signature): nodes refuse a request they have seen, so
 * resending saved ones is no load. Requests are signed before the clock starts ({@code --requests} of
 * them, within the nodes' replay window of 60 s), so the generator's signing does not compete with the
 * nodes for the CPUs while it measures. A request not answered within {@code --timeout-ms} is counted
 * lost and not sent again.
 *
 * <p>Prints one JSON object: answers per second completed in the measured window (after {@code --warmup}
 * seconds), their round-trip times, status codes, how many node entries each answer listed, lost
 * requests, and how fast the generator signed.
 */
@Command(name = "signal-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Closed-loop PROBE load toward an end user through the NetServ nodes on the path.")
public final class SignalLoad implements Callable<Integer> {
    @Option(names = "--toward", required = true, description = "end user address") String toward;
    @Option(names = "--user", required = true) String user;
    @Option(names = "--key", required = true, description = "the user's private key file") Path key;
    @Option(names = "--source", description = "this host's address (default: the one toward --toward)") String source;
    @Option(names = "--gist-port", defaultValue = "270") int gistPort;
    @Option(names = "--window", defaultValue = "16", description = "requesters at once (default ${DEFAULT-VALUE})") int window;
    @Option(names = "--warmup", defaultValue = "2", description = "seconds not counted (default ${DEFAULT-VALUE})") double warmup;
    @Option(names = "--seconds", defaultValue = "10", description = "seconds counted (default ${DEFAULT-VALUE})") double seconds;
    @Option(names = "--requests", defaultValue = "30000",
            description = "requests signed in advance, at most this many sent (default ${DEFAULT-VALUE})") int requests;
    @Option(names = "--timeout-ms", defaultValue = "3000", description = "a request unanswered this long is lost") int timeoutMs;
    @Option(names = "--probe", defaultValue = "node", split = ",", description = "PROBE keys (default ${DEFAULT-VALUE})")
    List<String> probe;
    @Option(names = "--out", description = "write the JSON here too") Path out;

    /** One request's fate: sent at {@code sentNs}, answered at {@code doneNs} (0: lost) with {@code status}. */
    private record Sample(long sentNs, long doneNs, int status, int nodes) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new SignalLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Inet4Address target = (Inet4Address) InetAddress.getByName(toward);
        Inet4Address src = source != null ? (Inet4Address) InetAddress.getByName(source) : sourceToward(target);
        Signer signer = new Signer(KeyFiles.readPrivateKey(key));

        // Sign everything first: the nodes are measured, not the generator.
        // (on every core: Signer is thread-safe; a SecureRandom per thread for the nonces)
        ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecureRandom::new);
        Request[] signed = new Request[requests];
        long signStart = System.nanoTime();
        Instant now = Instant.now();
        IntStream.range(0, requests).parallel().forEach(i -> signed[i] = signer.sign(
                Request.builder(RequestType.PROBE, "*").probe(probe).user(user).stamp(now, random.get()).build()));
        double signSeconds = (System.nanoTime() - signStart) / 1e9;

        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long from = start + (long) (warmup * 1e9);
        long until = from + (long) (seconds * 1e9);
        List<List<Sample>> perWorker = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int w = 0; w < window; w++) {
            List<Sample> samples = new ArrayList<>();
            perWorker.add(samples);
            Thread t = new Thread(() -> {
                try {
                    requester(signed, next, target, src, until, samples);
                } catch (IOException | RuntimeException e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "requester-" + w);
            threads.add(t);
            t.start();
        }
        // Tell the caller when the counted window starts and ends (it samples CPU times then).
        sleepUntil(from);
        System.err.println("window-start");
        System.err.flush();
        sleepUntil(until);
        System.err.println("window-end");
        System.err.flush();
        for (Thread t : threads) {
            t.join();
        }
        long end = System.nanoTime();

        List<Sample> all = new ArrayList<>();
        perWorker.forEach(all::addAll);
        List<Long> rtt = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> nodes = new TreeMap<>();
        int answered = 0;
        int lost = 0;
        int sentInWindow = 0;
        for (Sample s : all) {
            if (s.sentNs() >= from && s.sentNs() < until) {
                sentInWindow++;
            }
            if (s.doneNs() == 0) {
                if (s.sentNs() + timeoutMs * 1_000_000L >= from && s.sentNs() + timeoutMs * 1_000_000L < until) {
                    lost++;
                }
                continue;
            }
            if (s.doneNs() < from || s.doneNs() >= until) {
                continue;
            }
            answered++;
            rtt.add(s.doneNs() - s.sentNs());
            statuses.merge(Integer.toString(s.status()), 1, Integer::sum);
            nodes.merge(Integer.toString(s.nodes()), 1, Integer::sum);
        }
        long[] sorted = rtt.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("toward", toward);
        result.put("window", window);
        result.put("warmupSeconds", warmup);
        result.put("seconds", seconds);
        result.put("requestsSigned", requests);
        result.put("requestsSent", Math.min(next.get(), requests));
        result.put("exhausted", next.get() >= requests);
        result.put("signedPerSecond", requests / signSeconds);
        result.put("answered", answered);
        result.put("answeredPerSecond", answered / seconds);
        result.put("sentInWindow", sentInWindow);
        result.put("lost", lost);
        result.put("statuses", statuses);
        result.put("nodesPerAnswer", nodes);
        result.put("rttMsP50", pct(sorted, 0.50));
        result.put("rttMsP90", pct(sorted, 0.90));
        result.put("rttMsP99", pct(sorted, 0.99));
        result.put("rttMsMax", sorted.length == 0 ? null : sorted[sorted.length - 1] / 1e6);
        result.put("rttMsMean", sorted.length == 0 ? null : Arrays.stream(sorted).average().orElse(0) / 1e6);
        result.put("elapsedSeconds", (end - start) / 1e9);
        result.put("errors", errors.stream().map(Throwable::toString).toList());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = json.writeValueAsString(result);
        if (out != null) {
            java.nio.file.Files.writeString(out, text + "\n");
        }
        System.out.println(text);
        return errors.isEmpty() ? 0 : 4;
    }

    /** One requester: its own socket, one request at a time, until {@code until} or the requests run out. */
    private void requester(Request[] signed, AtomicInteger next, Inet4Address target, Inet4Address src, long until,
                           List<Sample> samples) throws IOException {
        byte[] buf = new byte[65535];
        InetSocketAddress to = new InetSocketAddress(target, gistPort);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(src, 0))) {
            RouteRecord route = RouteRecord.origin(new RouteHop(src, socket.getLocalPort(), "netserv-load"));
            Mri mri = Mri.downstream(src, target);
            while (System.nanoTime() < until) {
                int i = next.getAndIncrement();
                if (i >= signed.length) {
                    return;
                }
                ThreadLocalRandom r = ThreadLocalRandom.current();
                SessionId session = new SessionId(r.nextLong(), r.nextLong());
                byte[] datagram = GistCodec.encode(new GistMessage(GistMessage.DEFAULT_HOPS, true, true, false, mri,
                        session, route, NslpCodec.encode(signed[i])));
                long sent = System.nanoTime();
                socket.send(new DatagramPacket(datagram, datagram.length, to));
                long deadline = sent + timeoutMs * 1_000_000L;
                Sample sample = new Sample(sent, 0, 0, 0);
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    long done = System.nanoTime();
                    Response resp = responseOf(p, session);
                    if (resp != null) {
                        sample = new Sample(sent, done, resp.code(), resp.nodes().size());
                        break;
                    }
                }
                samples.add(sample);
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static Response responseOf(DatagramPacket p, SessionId session) {
        try {
            GistMessage m = GistCodec.decode(p.getData(), p.getOffset(), p.getLength());
            return m.session().equals(session) ? NslpCodec.decodeResponse(m.nslpData()) : null;
        } catch (GistException | NslpException e) {
            return null;
        }
    }

    private static Double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
    }

    private Inet4Address sourceToward(Inet4Address target) throws IOException {
        try (DatagramSocket probeSocket = new DatagramSocket()) {
            probeSocket.connect(target, gistPort);
            if (probeSocket.getLocalAddress() instanceof Inet4Address a && !a.isAnyLocalAddress()) {
                return a;
            }
        }
        throw new IllegalArgumentException("cannot tell this host's address toward " + target.getHostAddress()
                + "; pass --source");
    }
}
