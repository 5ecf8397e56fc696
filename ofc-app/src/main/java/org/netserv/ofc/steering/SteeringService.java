package org.netserv.ofc.steering;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Module deployment for other OFC modules (the NetServ signaling controller): deploy or remove a module
 * at one NetServ node, a switch with its sidecars. Failures complete the future with an
 * {@link org.netserv.signaling.rest.ApiException} whose status and message say why (403 not authorised,
 * 409 conflicting module, 503 no sidecar on that switch, ...).
 *
 * <pre>{@code
 * steering.deployAt(request, sw.id())
 *         .thenAccept(view -> log.info("{} active on {}", view.name(), sw.id()));
 * }</pre>
 */
public interface SteeringService {
    /** Who may deploy, with their grants and signaling keys. */
    UserDirectory users();

    /**
     * Deploys the module on the sidecars of switch {@code node} and steers its filter there; the same
     * request for a module already there renews its ttl (soft state); the same request for a module on
     * other switches extends it to this one.
     */
    CompletableFuture<ModuleView> deployAt(DeployRequest request, DatapathId node);

    /** Removes the module from switch {@code node}; from everywhere once no switch has it. */
    CompletableFuture<ModuleView> removeAt(String user, String name, DatapathId node);

    /** The deployed modules, as {@code GET /api/v1/modules} shows them but without switch counters (no switch is asked). */
    List<ModuleView> modules();
}
