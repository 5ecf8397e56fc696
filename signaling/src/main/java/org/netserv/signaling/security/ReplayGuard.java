package org.netserv.signaling.security;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import org.netserv.signaling.nslp.NslpStatus;
import org.netserv.signaling.nslp.Request;

/**
 * Refuses replayed requests: the {@code timestamp} must be within ±window of this node's clock (default
 * {@link #DEFAULT_WINDOW}), and a user's {@code nonce} may carry only one message while its timestamp is
 * acceptable. The same signed message again (same nonce, same signature) is a {@link Verdict.Kind#DUPLICATE}:
 * the sender retransmitting because no response came back. A node must not act on a duplicate a second
 * time (a replay of a SETUP after its REMOVE would otherwise reinstall the module) but may pass it on or
 * answer it again.
 *
 * <p>Memory is bounded: a nonce is remembered until its timestamp leaves the window, and at most
 * {@code capacity} at once; when full, new requests are refused with {@link NslpStatus#UNAVAILABLE} rather
 * than forgetting nonces that could then be replayed. Check signatures first, so only genuine requests
 * take room. Thread-safe.
 *
 * <pre>{@code
 * ReplayGuard guard = new ReplayGuard();                 // 60 s, 100000 nonces, system clock
 * Verdict v = guard.check(verifiedRequest);
 * if (v.isRefused()) { ...answer with v.entry(myId)... }
 * else if (v.isDuplicate()) { ...pass it on without acting... }
 * else { ...act... }
 * }</pre>
 *
 * For a TRIGGER only the outer nonce is checked: its inner request is checked when it travels on its own.
 */
public final class ReplayGuard {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_CAPACITY = 100_000;

    private record Seen(String key, long signatureHead, long expiresAt) {}

    private final long windowSeconds;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Seen> seen = new HashMap<>();
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.expiresAt, b.expiresAt));

    public ReplayGuard() {
        this(DEFAULT_WINDOW, DEFAULT_CAPACITY, Clock.systemUTC());
    }

    /**
     * @param window how far a timestamp may be from this node's clock, either way (whole seconds, at least 1)
     * @param capacity how many nonces may be remembered at once
     */
    public ReplayGuard(Duration window, int capacity, Clock clock) {
        this.windowSeconds = window.toSeconds();
        if (windowSeconds < 1 || capacity < 1) {
            throw new IllegalArgumentException("the window must be at least 1 s and the capacity at least 1");
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Accepts {@code request} once (remembering its nonce), or says why not. */
    public synchronized Verdict check(Request request) {
        long now = clock.instant().getEpochSecond();
        purge(now);
        long ts = request.timestamp();
        if (ts > now + windowSeconds) {
            return Verdict.refuse(NslpStatus.REPLAYED, "timestamp " + ts + " is " + (ts - now)
                    + " s in the future (allowed: " + windowSeconds + " s); check the sender's clock");
        }
        if (ts < now - windowSeconds) {
            return Verdict.refuse(NslpStatus.REPLAYED, "timestamp " + ts + " is " + (now - ts)
                    + " s old (allowed: " + windowSeconds + " s): a replay, or the sender's clock is off");
        }
        String key = request.user() + "/" + request.nonce();
        long head = signatureHead(request);
        Seen earlier = seen.get(key);
        if (earlier != null) {
            return earlier.signatureHead == head
                    ? Verdict.duplicate("already handled: a retransmission of nonce " + request.nonce())
                    : Verdict.refuse(NslpStatus.REPLAYED, "nonce " + request.nonce() + " of user '" + request.user()
                            + "' was already used by another request in the last " + windowSeconds + " s");
        }
        if (seen.size() >= capacity) {
            return Verdict.refuse(NslpStatus.UNAVAILABLE, "too many requests in the last " + windowSeconds
                    + " s to remember their nonces (" + capacity + "); try again later");
        }
        Seen s = new Seen(key, head, ts + windowSeconds);
        seen.put(key, s);
        byExpiry.add(s);
        return Verdict.accept();
    }

    /** How many nonces are remembered now. */
    public synchronized int size() {
        purge(clock.instant().getEpochSecond());
        return seen.size();
    }

    private void purge(long now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt < now) {
            seen.remove(byExpiry.poll().key);
        }
    }

    /** The first 8 bytes of the signature: Ed25519's R, which differs for every message (0 if unsigned). */
    private static long signatureHead(Request r) {
        return r.signatureBytes().map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }
}
