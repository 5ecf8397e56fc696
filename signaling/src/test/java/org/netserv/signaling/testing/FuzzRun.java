package org.netserv.signaling.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs a decoder over seeded mutants until a case count or a time bound, failing on anything but a
 * result or the decoder's own checked error with a message, and on any case slower than a hang bound.
 */
public final class FuzzRun {
    /** What a decoder did with one input: a result to check further, or a refusal message. */
    public interface Target {
        /** Decodes {@code input}; returns normally on success, throws the codec's checked exception on refusal. */
        void decode(byte[] input) throws Exception;
    }

    /** The counts of a run. */
    public record Counts(int cases, int accepted, int refused) {}

    private FuzzRun() {}

    /** The seed: {@code -Dfuzz.seed=N} to replay or vary a run, else a fixed one. */
    public static long seed() {
        return Long.getLong("fuzz.seed", 0x5EED_2024L);
    }

    public static Counts run(List<byte[]> corpus, Class<? extends Exception> refusal, int maxCases, Duration budget,
                             Duration hang, Target target) {
        long seed = seed();
        Mutator m = new Mutator(corpus, seed);
        long end = System.nanoTime() + budget.toNanos();
        int cases = 0;
        int accepted = 0;
        int refused = 0;
        while (cases < maxCases && System.nanoTime() < end) {
            byte[] input = m.next();
            long t0 = System.nanoTime();
            try {
                target.decode(input);
                accepted++;
            } catch (Exception e) {
                if (!refusal.isInstance(e)) {
                    fail(describe(seed, cases, input) + " threw " + e, e);
                }
                assertThat(e.getMessage()).as(describe(seed, cases, input)).isNotBlank();
                refused++;
            } catch (Throwable t) {
                fail(describe(seed, cases, input) + " threw " + t, t);
            }
            long took = System.nanoTime() - t0;
            if (took > hang.toNanos()) {
                fail(describe(seed, cases, input) + " took " + took / 1_000_000 + " ms");
            }
            cases++;
        }
        return new Counts(cases, accepted, refused);
    }

    private static String describe(long seed, int c, byte[] input) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 600));
        return "seed " + seed + " case " + c + " (" + input.length + " bytes: " + hex + (input.length > 600 ? "..." : "") + ")";
    }
}
