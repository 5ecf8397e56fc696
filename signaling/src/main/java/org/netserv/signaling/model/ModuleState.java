package org.netserv.signaling.model;

/** Where a module is in its life on a sidecar. */
public enum ModuleState {
    /** Being fetched, checked, resolved and started. */
    INSTALLING,
    /** Processing the packets its filter selects. */
    ACTIVE,
    /** Stopped by request but still installed; its frames pass unchanged until it is started again. */
    STOPPED,
    /** Stopped because it failed (kept failing, or its container died); the reason says why. */
    FAILED,
    /** Gone (removed on request, TTL expired, container stopping): the last report about a module. */
    UNINSTALLED
}
