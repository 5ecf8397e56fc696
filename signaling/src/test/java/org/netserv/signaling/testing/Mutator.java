package org.netserv.signaling.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid inputs for fuzz tests: bit flips, interesting bytes, deletions, duplications,
 * truncation, splices of two inputs, line shuffles and values swapped for edge cases. The same seed gives
 * the same cases, so a failure names the seed and the case and can be replayed.
 */
public final class Mutator {
    private static final byte[] INTERESTING = {0x00, 0x01, 0x0a, 0x0d, 0x09, 0x20, ':', '=', ',', '/', '*', '0', '9',
        (byte) 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, (byte) 0xfe, (byte) 0xe2};
    private static final String[] VALUES = {"", " ", "0", "-1", "00", "65535", "65536", "4294967296",
        "99999999999999999999", "udp", "tcp", "icmp", "*", "10.0.0.0/8", "10.0.0.1/8", "1.2.3.4", "a=b", "a=b,a=c",
        "true", "false", "NETSERV/0.1", "SETUP", "NODE", "x".repeat(300), "é", "\u2028", "😀", "http://x/y.jar",
        "0123456789abcdef0123456789abcdef"};

    private final List<byte[]> corpus;
    private final Random random;

    public Mutator(List<byte[]> corpus, long seed) {
        this.corpus = List.copyOf(corpus);
        this.random = new Random(seed);
    }

    /** A mutant of a random corpus entry: 1-4 mutations stacked. */
    public byte[] next() {
        byte[] b = corpus.get(random.nextInt(corpus.size())).clone();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        if (b.length == 0) {
            return corpus.get(random.nextInt(corpus.size())).clone();
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(11)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> {
                int len = Math.min(b.length - at, 1 + random.nextInt(16));
                b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + len, b.length));
            }
            case 3 -> {
                int len = Math.min(b.length - at, 1 + random.nextInt(32));
                b = concat(Arrays.copyOfRange(b, 0, at + len), Arrays.copyOfRange(b, at, b.length));
            }
            case 4 -> b = Arrays.copyOfRange(b, 0, at);
            case 5 -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(other, random.nextInt(other.length), other.length));
            }
            case 6 -> b = lines(b);
            case 7 -> b = value(b);
            case 8 -> {
                byte[] s = new byte[1 + random.nextInt(8)];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (byte) (0x20 + random.nextInt(0x5f));
                }
                b = concat(concat(Arrays.copyOfRange(b, 0, at), s), Arrays.copyOfRange(b, at, b.length));
            }
            case 9 -> {
                int word = at & ~3;
                if (word + 4 <= b.length) { // a 32-bit field (lengths, counts) set to an edge value
                    int v = new int[] {0, 1, 0xfff, 0xffff, 0x7fffffff, -1}[random.nextInt(6)];
                    b[word] = (byte) (v >>> 24);
                    b[word + 1] = (byte) (v >>> 16);
                    b[word + 2] = (byte) (v >>> 8);
                    b[word + 3] = (byte) v;
                }
            }
            default -> {
                if (random.nextInt(20) == 0) { // now and then something over the size limits
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    while (out.size() < 20_000) {
                        out.writeBytes(b);
                    }
                    b = out.toByteArray();
                } else {
                    b[at] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }

    /** Duplicates, drops or swaps whole lines. */
    private byte[] lines(byte[] b) {
        List<String> ls = new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)));
        int i = random.nextInt(ls.size());
        int j = random.nextInt(ls.size());
        switch (random.nextInt(3)) {
            case 0 -> ls.add(j, ls.get(i));
            case 1 -> ls.remove(i);
            default -> {
                String t = ls.get(i);
                ls.set(i, ls.get(j));
                ls.set(j, t);
            }
        }
        return String.join("\n", ls).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Replaces what follows a ':' or ' ' on some line with an edge-case value. */
    private byte[] value(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        int from = random.nextInt(s.length());
        int sep = indexOfAny(s, from);
        if (sep < 0) {
            return b;
        }
        int end = s.indexOf('\n', sep);
        end = end < 0 ? s.length() : end;
        return (s.substring(0, sep + 1) + VALUES[random.nextInt(VALUES.length)] + s.substring(end))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOfAny(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == ':' || s.charAt(i) == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
