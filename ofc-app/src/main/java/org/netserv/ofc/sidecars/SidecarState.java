package org.netserv.ofc.sidecars;

/** Health of a sidecar as the pool sees it. */
public enum SidecarState {
    /** Heartbeating; takes new flows if its switch port is known. */
    UP,
    /** Heartbeating, but takes no new flows (operator asked to drain it); existing flows finish. */
    DRAINING,
    /** Silent past the dead-after time, disconnected, or its port went down: takes no traffic. */
    DOWN
}
