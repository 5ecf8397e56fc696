package org.netserv.module.api;

/** What becomes of a frame a module has seen. */
public enum Verdict {
    /** Send the frame on, as it is now in {@link Packet#frame()} (modified or not). */
    FORWARD,
    /** Do not send the frame on. Frames emitted meanwhile still leave. */
    DROP
}
