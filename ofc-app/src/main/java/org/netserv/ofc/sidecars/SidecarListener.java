package org.netserv.ofc.sidecars;

/** Told when a sidecar comes, goes, changes health, is found on a switch port, or reports its modules. */
@FunctionalInterface
public interface SidecarListener {
    void sidecarChanged(SidecarView sidecar);
}
