package org.netserv.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Graphs the tests share. Every switch has port 1 for hosts; inter-switch ports are numbered from 2. */
public final class TestTopologies {
    public static final int HOST_PORT = 1;
    public static final long T0 = 1_000_000;

    private TestTopologies() {
    }

    /** Adds the switches and ports when missing, and both directions of the cable a/pa - b/pb, seen at T0. */
    public static void cable(TopologyGraph g, long a, int pa, long b, int pb) {
        g.addSwitch(a, List.of(HOST_PORT, pa));
        g.addSwitch(b, List.of(HOST_PORT, pb));
        g.putLink(Link.of(a, pa, b, pb), LinkType.DIRECT, T0);
        g.putLink(Link.of(b, pb, a, pa), LinkType.DIRECT, T0);
    }

    /** Switches 1..n in a ring: cable i/2 - (i+1)/3, and n/2 - 1/3. */
    public static TopologyGraph ring(int n) {
        TopologyGraph g = new TopologyGraph();
        for (int i = 1; i <= n; i++) {
            cable(g, i, 2, i % n + 1, 3);
        }
        return g;
    }

    /** The ring of 4 with the diagonal 1/4 - 3/4. */
    public static TopologyGraph ringWithDiagonal() {
        TopologyGraph g = ring(4);
        cable(g, 1, 4, 3, 4);
        return g;
    }

    /** Spine dpid for spine s (1-based). */
    public static long spine(int s) {
        return 100 + s;
    }

    /**
     * A 2-level fat tree (leaf-spine): leaves 1..leaves, spines 101..100+spines, every leaf wired to every
     * spine: leaf l port 1+s - spine s port 1+l.
     */
    public static TopologyGraph leafSpine(int leaves, int spines) {
        TopologyGraph g = new TopologyGraph();
        for (int l = 1; l <= leaves; l++) {
            for (int s = 1; s <= spines; s++) {
                cable(g, l, 1 + s, spine(s), 1 + l);
            }
        }
        return g;
    }

    /**
     * A random connected graph of n switches with scattered datapath ids (some above 2^63, to exercise
     * unsigned order): a random spanning tree plus {@code extra} random cables (parallel cables allowed,
     * no cable from a switch to itself).
     */
    public static TopologyGraph randomConnected(Random rnd, int n, int extra) {
        long[] dpids = new long[n];
        for (int i = 0; i < n; i++) {
            dpids[i] = rnd.nextBoolean() ? i + 1 : (rnd.nextLong() | 0x8000_0000_0000_0000L) + i;
        }
        TopologyGraph g = new TopologyGraph();
        Map<Long, Integer> nextPort = new HashMap<>();
        for (long d : dpids) {
            g.addSwitch(d, List.of(HOST_PORT));
            nextPort.put(d, 2);
        }
        for (int i = 1; i < n; i++) {
            long a = dpids[i];
            long b = dpids[rnd.nextInt(i)];
            cable(g, a, nextPort.merge(a, 1, Integer::sum) - 1, b, nextPort.merge(b, 1, Integer::sum) - 1);
        }
        for (int k = 0; k < extra; k++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n);
            if (i == j) {
                continue;
            }
            long a = dpids[i];
            long b = dpids[j];
            cable(g, a, nextPort.merge(a, 1, Integer::sum) - 1, b, nextPort.merge(b, 1, Integer::sum) - 1);
        }
        return g;
    }
}
