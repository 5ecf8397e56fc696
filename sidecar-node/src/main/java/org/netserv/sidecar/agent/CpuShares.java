package org.netserv.sidecar.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's share of the CPU through cgroups, where the machine lets us write them: cgroup v1
 * ({@code /sys/fs/cgroup/cpu}, {@code cpu.shares}) or v2 ({@code /sys/fs/cgroup} with the cpu controller,
 * {@code cpu.weight}). Elsewhere the share is not enforced and the log says so once.
 */
final class CpuShares {
    private static final Logger log = LoggerFactory.getLogger(CpuShares.class);
    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    private final Optional<Path> root;
    private final boolean v2;

    CpuShares(String sidecarId) {
        Optional<Path> r = Optional.empty();
        boolean isV2 = false;
        if (Files.isWritable(V1.resolve("cgroup.procs")) || Files.isWritable(V1.resolve("tasks"))) {
            r = Optional.of(V1.resolve("netserv-" + sidecarId));
        } else if (controllerV2()) {
            r = Optional.of(V2.resolve("netserv-" + sidecarId));
            isV2 = true;
        }
        this.root = r;
        this.v2 = isV2;
        if (r.isEmpty()) {
            log.warn("no writable cgroup cpu controller: container CPU shares are not enforced");
        } else {
            removeStaleGroups(r.get());
        }
    }

    /** Empty groups left by an earlier run of this sidecar that did not stop cleanly. */
    private static void removeStaleGroups(Path root) {
        try (var groups = Files.list(root)) {
            groups.filter(Files::isDirectory).forEach(g -> {
                try {
                    Files.deleteIfExists(g);
                    log.info("removed the stale cgroup {}", g);
                } catch (IOException e) {
                    log.warn("cgroup {} is still in use by processes of an earlier run: {}", g, e.getMessage());
                }
            });
        } catch (IOException e) {
            // no root yet: nothing stale
        }
    }

    /** Removes this sidecar's own group once its containers are gone. */
    void close() {
        root.ifPresent(r -> {
            try {
                Files.deleteIfExists(r);
            } catch (IOException e) {
                log.warn("could not remove {}: {}", r, e.getMessage());
            }
        });
    }

    private static boolean controllerV2() {
        try {
            return Files.isWritable(V2.resolve("cgroup.subtree_control"))
                    && Files.readString(V2.resolve("cgroup.controllers")).contains("cpu");
        } catch (IOException e) {
            return false;
        }
    }

    /** Puts the process in a cgroup of its own with the given share; returns the cgroup, if any. */
    Optional<Path> apply(String user, long pid, int shares) {
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Path group = root.get().resolve(user);
        try {
            Files.createDirectories(group);
            if (v2) {
                // cpu.weight is 1-10000 with 100 as the default; v1 shares are 1024 by default
                long weight = Math.max(1, Math.min(10000, shares * 100L / 1024));
                Files.writeString(group.resolve("cpu.weight"), Long.toString(weight));
            } else {
                Files.writeString(group.resolve("cpu.shares"), Integer.toString(shares));
            }
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
            log.info("container of {} (pid {}) gets cpu share {} in {}", user, pid, shares, group);
            return Optional.of(group);
        } catch (IOException e) {
            log.warn("could not give container of {} its cpu share: {}", user, e.getMessage());
            return Optional.empty();
        }
    }

    /** Removes a container's cgroup; call it once the container's process has exited. */
    void release(Path group) {
        try {
            Files.deleteIfExists(group);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", group, e.getMessage());
        }
    }
}
