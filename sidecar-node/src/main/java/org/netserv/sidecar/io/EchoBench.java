package org.netserv.sidecar.io;

import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A benchmark entry point: echoes every frame back out its interface with {@link AfPacketTransport}, the
 * Java twin of {@code sidecar-node/bench/bitw.c}, so that {@code sidecar_bench.py} measures the transport
 * against the same loop in C in one run. With {@code --netmonitor} each frame is also parsed and counted
 * per (source IP, destination IP, TTL) exactly as {@code bitw --netmonitor} does (and as the NetMonitor
 * example module does, minus its lock). On SIGTERM it prints its counters to stderr in bitw's format.
 */
@Command(name = "echobench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Echoes frames back out an interface with the AF_PACKET transport (needs root).",
        footer = "Example: java -cp netserv-sidecar.jar org.netserv.sidecar.io.EchoBench --interface veth0 --netmonitor")
public final class EchoBench implements Callable<Integer> {

    @Option(names = "--interface", required = true, description = "interface to echo on")
    String iface;

    @Option(names = "--netmonitor", description = "parse and count each frame as NetMonitor does")
    boolean netmonitor;

    @Option(names = "--batch", description = "frames per system call (default ${DEFAULT-VALUE})")
    int batch = 64;

    @Option(names = "--slot", description = "slot size in bytes (default ${DEFAULT-VALUE}; 9018 for jumbo frames)")
    int slot = 2048;

    @Option(names = "--filter", description = "kernel filter in libpcap syntax (default: every frame)")
    String filter;

    private volatile boolean running = true;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EchoBench())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    System.err.println("echobench: " + e.getMessage());
                    return 1;
                })
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        AfPacketTransport.Options options = AfPacketTransport.Options.defaults().withBatch(batch).withSlotSize(slot);
        TupleTable tuples = new TupleTable(65536);
        FrameHandler handler = netmonitor
                ? (frame, out) -> {
                    tuples.parseAndCount(frame);
                    return frame.limit();
                }
                : (frame, out) -> frame.limit();
        CountDownLatch stopped = new CountDownLatch(1);
        try (AfPacketTransport t = AfPacketTransport.open(iface, options, filter)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running = false;
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                AfPacketStats s = t.counters();
                System.err.printf("echobench: %d frames in, %d out, %d send errors; %d kernel drops, %d tuples%n",
                        s.received(), s.sent(), s.sendErrors(), s.kernelDrops(), tuples.size());
            }));
            System.err.println("echobench: echoing on " + iface + (netmonitor ? " with netmonitor" : ""));
            while (running) {
                t.poll(handler);
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /**
     * Packet counts per (source IP, destination IP, TTL) in an open-addressing table, the same algorithm
     * and hash as bitw.c's and as the NetMonitor module's TupleCounter: no allocation per frame.
     */
    static final class TupleTable {
        private final int capacity;
        private final long[] addresses;
        private final short[] ttls; // -1: empty
        private final long[] counts;
        private final int mask;
        private int size;
        private long overflow;

        TupleTable(int capacity) {
            this.capacity = capacity;
            int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
            addresses = new long[slots];
            ttls = new short[slots];
            counts = new long[slots];
            mask = slots - 1;
            java.util.Arrays.fill(ttls, (short) -1);
        }

        /** Counts an IPv4 frame (untagged or with one 802.1Q tag); ignores anything else. */
        void parseAndCount(ByteBuffer f) {
            int length = f.limit();
            if (length < 34) {
                return;
            }
            int l3 = 14;
            int etherType = f.getShort(12) & 0xffff;
            if (etherType == 0x8100) {
                if (length < 38) {
                    return;
                }
                etherType = f.getShort(16) & 0xffff;
                l3 = 18;
            }
            if (etherType != 0x0800 || (f.get(l3) & 0xf0) != 0x40) {
                return;
            }
            count(f.getInt(l3 + 12), f.getInt(l3 + 16), f.get(l3 + 8) & 0xff);
        }

        void count(int src, int dst, int ttl) {
            long key = ((long) src << 32) | (dst & 0xffffffffL);
            long h = key * 0x9E3779B97F4A7C15L + ttl;
            int i = (int) (h ^ (h >>> 29)) & mask;
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

        int size() {
            return size;
        }

        long overflow() {
            return overflow;
        }
    }
}
