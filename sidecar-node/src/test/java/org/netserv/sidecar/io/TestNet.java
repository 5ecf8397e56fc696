package org.netserv.sidecar.io;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace and a veth pair made for one test: {@link #dut} stays in this namespace for the
 * transport under test, {@link #peer} is moved into the new namespace, where a {@link NetnsPeer} injects
 * frames and collects what comes back. IPv6 is off on both ends so the kernel sends nothing by itself.
 * Names are unique per JVM and test; {@link #close} removes both, also after a failed test.
 */
final class TestNet implements AutoCloseable {
    private static int counter;
    final String ns;
    final String dut;
    final String peer;

    TestNet() throws IOException {
        int n;
        synchronized (TestNet.class) {
            n = ++counter;
        }
        String base = "io" + (ProcessHandle.current().pid() % 100000) + "x" + n;
        ns = "nsio" + (ProcessHandle.current().pid() % 100000) + "x" + n;
        dut = base + "d";
        peer = base + "p";
        try {
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", dut, "type", "veth", "peer", "name", peer);
            run("ip", "link", "set", peer, "netns", ns);
            run("sysctl", "-q", "-w", "net.ipv6.conf." + dut + ".disable_ipv6=1");
            run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf." + peer + ".disable_ipv6=1");
            run("ip", "link", "set", dut, "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Sets the MTU on both ends. */
    void mtu(int bytes) throws IOException {
        run("ip", "link", "set", dut, "mtu", String.valueOf(bytes));
        run("ip", "netns", "exec", ns, "ip", "link", "set", peer, "mtu", String.valueOf(bytes));
    }

    /** Deletes the pair now (the test's own end first, so nothing waits for the namespace to go). */
    void removeLink() throws IOException {
        run("ip", "link", "del", dut);
    }

    static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd));
        }
    }

    private static void quietly(String... cmd) {
        try {
            run(cmd);
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        quietly("ip", "link", "del", dut);
        quietly("ip", "netns", "del", ns);
    }
}
