package org.netserv.module.api;

/** A named count a module publishes; shown by the sidecar's admin API. Cheap enough for every frame. */
public interface Counter {
    void increment();

    void add(long delta);

    long get();
}
