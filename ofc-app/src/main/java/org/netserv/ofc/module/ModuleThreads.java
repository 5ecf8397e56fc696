package org.netserv.ofc.module;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;

/** The threads modules run their own work on: one named daemon thread each, and tasks that never kill it. */
public final class ModuleThreads {
    private ModuleThreads() {}

    /** A single-thread scheduler whose daemon thread is called {@code name} (so it shows in thread dumps). */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@code task}, with a failure logged as {@code what} failed instead of thrown: a periodic task that
     * throws is never run again by its scheduler.
     */
    public static Runnable safely(Logger log, String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("{} failed", what, e);
            }
        };
    }
}
