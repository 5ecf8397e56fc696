package org.netserv.ofc.sidecars;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleStatus;

/**
 * The pool of sidecars registered with the OFC over the control channel (docs/control-channel.md): their
 * health, where they hang off, and commands to install and remove modules on them.
 */
public interface SidecarService {
    List<SidecarView> sidecars();

    Optional<SidecarView> sidecar(String id);

    /**
     * Installs a module on one sidecar; completes with the module's status once the sidecar has it running,
     * or fails with the sidecar's reason ({@link CommandFailedException}).
     */
    CompletableFuture<ModuleStatus> install(String sidecarId, ModuleRequest request);

    /** Removes a module from one sidecar. */
    CompletableFuture<ModuleStatus> remove(String sidecarId, String user, String name);

    /** Stops giving new flows to a sidecar (true) or resumes (false); empty if there is no such sidecar. */
    Optional<SidecarView> drain(String id, boolean draining);

    /** Sets a sidecar's share of new flows relative to the others (1-{@value #MAX_WEIGHT}). */
    Optional<SidecarView> weight(String id, int weight);

    int MAX_WEIGHT = 100;

    void addListener(SidecarListener listener);

    /** A sidecar refused or could not run a command; the message is its reason. */
    final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CommandFailedException(String message) {
            super(message);
        }
    }
}
