package org.netserv.bench;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistException;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.gist.Mri;
import org.netserv.signaling.gist.RouteHop;
import org.netserv.signaling.gist.RouteRecord;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.nslp.Header;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpException;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;
import org.netserv.signaling.security.KeyFiles;
import org.netserv.signaling.security.ReplayGuard;
import org.netserv.signaling.security.Signer;
import org.netserv.signaling.security.Verdict;
import org.netserv.signaling.security.Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a NetServ node spends on one signaling request, step by step, all in one JMH run so that the steps
 * can be compared side by side (docs/benchmarks.md, "Signaling"):
 *
 * <ul>
 *   <li>{@link #nslpDecodeEncode}: a SETUP as the CLI writes it (url, filter udp/5060 to 10.0.0.0/8, ttl,
 *       user, timestamp, nonce, signature) read by {@link NslpCodec#decodeRequest} and written again;</li>
 *   <li>{@link #gistDecodeEncode}: the GIST datagram carrying it, as the CLI sends it, read and written
 *       again (the NSLP text is not parsed here);</li>
 *   <li>{@link #verify}: {@code Verifier.verify(request, key)}, one Ed25519 signature check;</li>
 *   <li>{@link #sign}: {@code Signer.sign(request)}, what the requester pays per request;</li>
 *   <li>{@link #replayCheck}: {@code ReplayGuard.check} of a request with a nonce it has not seen (the
 *       guard is replaced by an empty one each time the pool of 65,536 requests wraps, so every check
 *       accepts and remembers a new nonce, as at a node; the map's growth is included);</li>
 *   <li>{@link #nodeCheck}: the whole node-side check of a received datagram: GIST decode, NSLP decode,
 *       signature check with the user's key looked up, replay check (pool of 4,096 signed datagrams with
 *       distinct nonces, guard replaced on wrap as above).</li>
 * </ul>
 *
 * Run with {@code java -jar bench/target/netserv-bench.jar SignalingBenchmarks -rf json -rff out.json}
 * (one fork, 3 x 2 s warm-up, 5 x 2 s measured per benchmark, throughput in ops/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SignalingBenchmarks {
    static final String USER = "alice";
    static final int REPLAY_POOL = 1 << 16;
    static final int NODE_POOL = 1 << 12;

    /** One key pair and one signed SETUP, as bytes and as its GIST datagram. */
    @State(Scope.Thread)
    public static class OneRequest {
        PublicKey publicKey;
        Signer signer;
        Verifier verifier;
        Request unsigned;
        Request setup;
        byte[] setupBytes;
        byte[] datagram;
        SplittableRandom random = new SplittableRandom(42);
        Instant now = Instant.now();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            KeyPair pair = KeyFiles.generate();
            publicKey = pair.getPublic();
            signer = new Signer(pair.getPrivate());
            verifier = new Verifier(user -> USER.equals(user) ? Optional.of(publicKey) : Optional.empty());
            unsigned = setupRequest(now, random);
            setup = signer.sign(unsigned);
            setupBytes = NslpCodec.encode(setup);
            datagram = datagramOf(setup, random);
            // what is measured must be what a node accepts
            if (!Verifier.verify(setup, publicKey).isAccepted()
                    || !NslpCodec.decodeRequest(GistCodec.decode(datagram).nslpData()).equals(setup)) {
                throw new IllegalStateException("the benchmark's SETUP does not round-trip or verify");
            }
        }
    }

    /** 65,536 requests with distinct nonces (random signature bytes: the guard reads only their head). */
    @State(Scope.Thread)
    public static class ReplayPool {
        Request[] pool;
        int next;
        ReplayGuard guard;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(7);
            Instant now = Instant.now();
            pool = new Request[REPLAY_POOL];
            byte[] sig = new byte[64];
            for (int i = 0; i < REPLAY_POOL; i++) {
                random.nextBytes(sig);
                pool[i] = setupRequest(now, random).withSignature(Base64.getEncoder().encodeToString(sig));
            }
            guard = new ReplayGuard();
        }
    }

    /** 4,096 signed GIST datagrams of distinct SETUPs, and the node's verifier and replay guard. */
    @State(Scope.Thread)
    public static class NodePool {
        byte[][] pool;
        int next;
        Verifier verifier;
        ReplayGuard guard;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            KeyPair pair = KeyFiles.generate();
            PublicKey key = pair.getPublic();
            Signer signer = new Signer(pair.getPrivate());
            verifier = new Verifier(user -> USER.equals(user) ? Optional.of(key) : Optional.empty());
            SplittableRandom random = new SplittableRandom(11);
            Instant now = Instant.now();
            pool = new byte[NODE_POOL][];
            for (int i = 0; i < NODE_POOL; i++) {
                pool[i] = datagramOf(signer.sign(setupRequest(now, random)), random);
            }
            guard = new ReplayGuard();
            if (!check(this).isAccepted()) {
                throw new IllegalStateException("the node-side check refuses the benchmark's requests");
            }
            next = 0;
            guard = new ReplayGuard();
        }
    }

    /** The SETUP the CLI sends for {@code setup --url ... --filter-proto udp --filter-port 5060 --filter-dst 10.0.0.0/8 --ttl 120}. */
    static Request setupRequest(Instant now, SplittableRandom random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Request.builder(RequestType.SETUP, "netmonitor")
                .url("file:///work/main/sidecar-node/target/modules/netmonitor.jar").ttl(120)
                .header(Header.FILTER_PROTO, "udp").header(Header.FILTER_PORT, "5060")
                .header(Header.FILTER_DST, "10.0.0.0/8")
                .user(USER).timestamp(now.getEpochSecond()).nonce(HexFormat.of().formatHex(nonce)).build();
    }

    /** The GIST datagram the CLI sends from 10.0.0.1:40000 toward 10.0.0.2 with {@code r} inside. */
    static byte[] datagramOf(Request r, SplittableRandom random) {
        Mri mri = Mri.downstream(ip("10.0.0.1"), ip("10.0.0.2")).withFlow(17, 5060);
        GistMessage m = new GistMessage(GistMessage.DEFAULT_HOPS, true, true, false, mri,
                new SessionId(random.nextLong(), random.nextLong()),
                RouteRecord.origin(new RouteHop(ip("10.0.0.1"), 40000, "netserv-signal")), NslpCodec.encode(r));
        return GistCodec.encode(m);
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The node-side check of the next datagram of the pool (a fresh guard when the pool wraps). */
    static Verdict check(NodePool s) throws GistException, NslpException {
        if (s.next == NODE_POOL) {
            s.next = 0;
            s.guard = new ReplayGuard();
        }
        GistMessage m = GistCodec.decode(s.pool[s.next++]);
        Request r = NslpCodec.decodeRequest(m.nslpData());
        Verdict v = s.verifier.verify(r);
        return v.isAccepted() ? s.guard.check(r) : v;
    }

    @Benchmark
    public byte[] nslpDecodeEncode(OneRequest s) throws NslpException {
        return NslpCodec.encode(NslpCodec.decodeRequest(s.setupBytes));
    }

    @Benchmark
    public byte[] gistDecodeEncode(OneRequest s) throws GistException {
        return GistCodec.encode(GistCodec.decode(s.datagram));
    }

    @Benchmark
    public Verdict verify(OneRequest s) {
        return Verifier.verify(s.setup, s.publicKey);
    }

    @Benchmark
    public Request sign(OneRequest s) {
        return s.signer.sign(s.unsigned);
    }

    @Benchmark
    public Verdict replayCheck(ReplayPool s) {
        if (s.next == REPLAY_POOL) {
            s.next = 0;
            s.guard = new ReplayGuard();
        }
        return s.guard.check(s.pool[s.next++]);
    }

    @Benchmark
    public Verdict nodeCheck(NodePool s) throws GistException, NslpException {
        return check(s);
    }
}
