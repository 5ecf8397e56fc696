package org.netserv.signaling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.nslp.NslpFixtures;
import org.netserv.signaling.nslp.NslpStatus;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestType;

class ReplayGuardTest {
    private static final long NOW = 1_700_000_000L;

    /** A clock tests move by hand. */
    private static final class Hand extends Clock {
        long seconds = NOW;

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final Hand clock = new Hand();
    private final ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(60), 3, clock);

    private static Request probe(long timestamp, String nonce) {
        return NslpFixtures.signer().sign(Request.builder(RequestType.PROBE, "*").user("acme")
                .probe(List.of("modules")).timestamp(timestamp).nonce(nonce).build());
    }

    private static String nonce(int i) {
        return String.format("%032x", i);
    }

    @Test
    void aFreshRequestIsAcceptedOnce() {
        assertThat(guard.check(probe(NOW, nonce(1))).isAccepted()).isTrue();
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void theSameMessageAgainIsADuplicateNotAnAction() {
        Request r = probe(NOW, nonce(1));
        guard.check(r);
        Verdict again = guard.check(r);
        assertThat(again.isDuplicate()).isTrue();
        assertThat(again.status()).isEqualTo(NslpStatus.OK);
        assertThat(again.reason()).isEqualTo("already handled: a retransmission of nonce " + nonce(1));
    }

    @Test
    void anotherMessageWithAUsedNonceIsRefused() {
        guard.check(probe(NOW, nonce(1)));
        Verdict v = guard.check(probe(NOW + 1, nonce(1)));
        assertThat(v.isRefused()).isTrue();
        assertThat(v.status()).isEqualTo(NslpStatus.REPLAYED);
        assertThat(v.reason()).isEqualTo("nonce " + nonce(1) + " of user 'acme' was already used by another request "
                + "in the last 60 s");
    }

    @Test
    void anOldTimestampIsRefused() {
        Verdict v = guard.check(probe(NOW - 61, nonce(1)));
        assertThat(v.isRefused()).isTrue();
        assertThat(v.status()).isEqualTo(NslpStatus.REPLAYED);
        assertThat(v.reason()).isEqualTo("timestamp " + (NOW - 61) + " is 61 s old (allowed: 60 s): a replay, "
                + "or the sender's clock is off");
        assertThat(guard.check(probe(NOW - 60, nonce(2))).isAccepted()).as("the edge of the window").isTrue();
    }

    @Test
    void aFutureTimestampIsRefused() {
        Verdict v = guard.check(probe(NOW + 75, nonce(1)));
        assertThat(v.reason()).isEqualTo("timestamp " + (NOW + 75) + " is 75 s in the future (allowed: 60 s); "
                + "check the sender's clock");
        assertThat(guard.check(probe(NOW + 60, nonce(2))).isAccepted()).isTrue();
    }

    @Test
    void aReplayAfterTheWindowIsRefusedByItsTimestamp() {
        Request r = probe(NOW, nonce(1));
        guard.check(r);
        clock.seconds += 61;
        assertThat(guard.check(r).reason()).contains("s old");
    }

    @Test
    void memoryIsBoundedAndFreedAsTimestampsExpire() {
        for (int i = 0; i < 3; i++) {
            assertThat(guard.check(probe(NOW, nonce(i))).isAccepted()).isTrue();
        }
        Verdict full = guard.check(probe(NOW, nonce(3)));
        assertThat(full.isRefused()).isTrue();
        assertThat(full.status()).isEqualTo(NslpStatus.UNAVAILABLE);
        assertThat(full.reason()).isEqualTo("too many requests in the last 60 s to remember their nonces (3); try again later");
        clock.seconds += 61;
        assertThat(guard.size()).isZero();
        assertThat(guard.check(probe(NOW + 61, nonce(3))).isAccepted()).isTrue();
    }

    @Test
    void noncesAreTheirUsersOwn() {
        Request mine = probe(NOW, nonce(1));
        guard.check(mine);
        Request theirs = NslpFixtures.signer().sign(Request.builder(RequestType.PROBE, "*").user("other")
                .probe(List.of("modules")).timestamp(NOW).nonce(nonce(1)).build());
        assertThat(guard.check(theirs).isAccepted()).isTrue();
    }
}
