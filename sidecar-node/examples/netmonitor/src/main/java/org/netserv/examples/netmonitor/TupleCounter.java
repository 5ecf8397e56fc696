package org.netserv.examples.netmonitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packet counts per (source IP, destination IP, TTL) in an open-addressing table: no allocation per
 * packet. Bounded: once {@code capacity} tuples are known, packets of new tuples are counted as overflow.
 * One thread counts; snapshots may be taken from another (both synchronise on the table, which costs one
 * uncontended lock per packet).
 */
final class TupleCounter {
    /** One row of a snapshot. */
    record Row(int src, int dst, int ttl, long packets) {}

    private final int capacity;
    private final long[] addresses; // src << 32 | dst
    private final short[] ttls;     // -1 = empty slot
    private final long[] counts;
    private final int mask;
    private int size;
    private long overflow;
    private long total;

    TupleCounter(int capacity) {
        this.capacity = capacity;
        int slots = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1; // load factor <= 0.5
        addresses = new long[slots];
        ttls = new short[slots];
        counts = new long[slots];
        mask = slots - 1;
        java.util.Arrays.fill(ttls, (short) -1);
    }

    synchronized void count(int src, int dst, int ttl) {
        total++;
        long key = ((long) src << 32) | (dst & 0xffffffffL);
        int i = hash(key, ttl) & mask;
        while (ttls[i] >= 0) {
            if (addresses[i] == key && ttls[i] == ttl) {
                counts[i]++;
                return;
            }
            i = (i + 1) & mask;
        }
        if (size == capacity) {
            overflow++;
            return;
        }
        addresses[i] = key;
        ttls[i] = (short) ttl;
        counts[i] = 1;
        size++;
    }

    synchronized long total() {
        return total;
    }

    synchronized long overflow() {
        return overflow;
    }

    synchronized int size() {
        return size;
    }

    /** The {@code top} tuples with the most packets, most first. */
    synchronized List<Row> top(int top) {
        List<Row> rows = new ArrayList<>(size);
        for (int i = 0; i < ttls.length; i++) {
            if (ttls[i] >= 0) {
                rows.add(new Row((int) (addresses[i] >>> 32), (int) addresses[i], ttls[i], counts[i]));
            }
        }
        rows.sort(Comparator.comparingLong(Row::packets).reversed());
        return rows.subList(0, Math.min(top, rows.size()));
    }

    private static int hash(long key, int ttl) {
        long h = key * 0x9E3779B97F4A7C15L + ttl;
        return (int) (h ^ (h >>> 29));
    }
}
