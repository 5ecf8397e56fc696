package org.netserv.sidecar.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netserv.sidecar.container.ContainerProcess;

/** Starts one user's container process with that user's limits. */
@FunctionalInterface
public interface ContainerLauncher {
    ContainerProcess start(String user, SidecarConfig.UserLimits limits, ContainerProcess.Events events)
            throws IOException;

    /**
     * Container JVMs from this JVM's binary and class path, sized for many per machine: a small heap that
     * starts at 8 MiB and gives memory back after collections, serial GC, the C1 compiler only (about 15 MiB
     * less per container than with C2, at the same CPU per frame: docs/benchmarks.md), capped metaspace and
     * code cache, and an exit (reported by the agent) on OutOfMemoryError instead of limping on. Options in
     * the config's {@code containers.jvmOptions} come last and win.
     */
    static ContainerLauncher jvm(String iface, Path sandboxRoot, SidecarConfig config) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        return (user, limits, events) -> {
            List<String> jvm = new ArrayList<>(List.of("-Xms8m", "-Xmx" + limits.heapMb() + "m",
                    "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=5", "-Xss512k", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-XX:MaxMetaspaceSize=96m", "-XX:ReservedCodeCacheSize=32m",
                    "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData"));
            jvm.addAll(config.containers().jvmOptions());
            return ContainerProcess.start(new ContainerProcess.Launch(java, jvm, classPath, user, iface,
                    sandboxRoot.resolve(user), limits.ports(), config.signer().orElse(null),
                    config.containers().failureLimit()), events);
        };
    }
}
