package org.netserv.sidecar.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A veth pair made (and removed) by a test, both ends in this namespace, IPv6 off so no stray frames. */
final class Veth implements AutoCloseable {
    private static int counter;
    final String a;
    final String b;

    Veth() throws IOException, InterruptedException {
        int n;
        synchronized (Veth.class) {
            n = ++counter;
        }
        String base = "nt" + (ProcessHandle.current().pid() % 100000) + "x" + n;
        a = base + "a";
        b = base + "b";
        ip("link", "add", a, "type", "veth", "peer", "name", b);
        for (String end : new String[] {a, b}) {
            sh("sysctl", "-q", "-w", "net.ipv6.conf." + end + ".disable_ipv6=1");
            ip("link", "set", end, "up");
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        sh(cmd.toArray(new String[0]));
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ip("link", "del", a);
    }
}
