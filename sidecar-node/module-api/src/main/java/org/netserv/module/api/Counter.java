package org.netserv.module.api;

import java.util.concurrent.atomic.AtomicLong;

/** A named count a module publishes; shown by the sidecar's admin API. Cheap enough for every frame. */
public interface Counter {
    void increment();

    void add(long delta);

    long get();

    /** A thread-safe counter starting at zero (what containers and {@link TestModuleContext} hand out). */
    static Counter atomic() {
        AtomicLong value = new AtomicLong();
        return new Counter() {
            @Override
            public void increment() {
                value.incrementAndGet();
            }

            @Override
            public void add(long delta) {
                value.addAndGet(delta);
            }

            @Override
            public long get() {
                return value.get();
            }
        };
    }
}
