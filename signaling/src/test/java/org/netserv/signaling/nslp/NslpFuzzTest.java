package org.netserv.signaling.nslp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.testing.FuzzRun;

/**
 * Seeded mutation fuzzing of the NSLP decoder (replay or vary with {@code -Dfuzz.seed=N}): mutants of every
 * golden fixture either decode to a message that re-encodes and decodes to itself, or are refused with an
 * {@link NslpException} that has a message; nothing else escapes, no case hangs.
 */
class NslpFuzzTest {

    @Test
    void mutantsOfTheFixturesAreReadOrRefusedWithAReasonNeverACrash() {
        List<byte[]> corpus = NslpFixtures.all().keySet().stream().map(f -> NslpFixtures.bytes("nslp/" + f)).toList();
        FuzzRun.Counts counts = assertTimeoutPreemptively(Duration.ofSeconds(90), () ->
                FuzzRun.run(corpus, NslpException.class, 30_000, Duration.ofSeconds(25), Duration.ofSeconds(1), input -> {
                    NslpMessage m = NslpCodec.decode(input);
                    byte[] again = NslpCodec.encode(m);
                    assertThat(NslpCodec.decode(again)).isEqualTo(m);
                    assertThat(NslpCodec.encode(NslpCodec.decode(again))).isEqualTo(again);
                }));
        assertThat(counts.cases()).isGreaterThanOrEqualTo(5_000);
        assertThat(counts.accepted()).as("some mutants are still valid").isPositive();
        assertThat(counts.refused()).as("most mutants are refused").isGreaterThan(counts.cases() / 2);
    }
}
