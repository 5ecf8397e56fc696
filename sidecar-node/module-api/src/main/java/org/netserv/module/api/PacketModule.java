package org.netserv.module.api;

/**
 * A module that processes the frames matching its packet filter. Register an instance as an OSGi
 * service of this interface; the container calls {@link #start} once, then {@link #process} for every
 * matching frame, then {@link #stop}.
 *
 * <p>{@code process} runs on the container's packet thread, one frame at a time: keep it fast, allocate
 * little, and never block. A module that throws is contained: the frame follows the module's failure
 * policy (fail-open: forwarded unchanged; fail-closed: dropped), the error is counted, and a module that
 * keeps failing is stopped and reported.
 */
public interface PacketModule {

    /** Called once before the first frame; get counters and properties here. */
    default void start(ModuleContext context) throws Exception {}

    /**
     * Decides what happens to one frame.
     *
     * @param packet the frame and its parsed headers; valid only during this call
     * @param out where to emit new frames (they leave after this frame's verdict is applied)
     * @return {@link Verdict#FORWARD} to send the frame on (with any changes made in place), or
     *     {@link Verdict#DROP}
     */
    Verdict process(Packet packet, Emitter out);

    /** Called once after the last frame, when the module is stopped or uninstalled. */
    default void stop() {}
}
