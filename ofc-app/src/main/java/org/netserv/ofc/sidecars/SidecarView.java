package org.netserv.ofc.sidecars;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.netserv.signaling.model.ModuleStatus;

/**
 * A sidecar as the OFC knows it (the rows of {@code GET /api/v1/sidecars}).
 *
 * @param dpid and {@code port}: where its data interface hangs off, or null while not found yet
 * @param weight its share of new flows relative to the other sidecars
 * @param load containers and modules it runs, from its last heartbeat
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SidecarView(String id, SidecarState state, int weight, String mac, String dpid, Integer port, String address,
                          int cores, long memoryMb, Load load, Instant connectedAt, Instant lastHeartbeat,
                          String reason, List<ModuleStatus> modules) {

    /** How busy a sidecar is. */
    public record Load(int containers, int modules) {}

    /** Whether new flows may go to it: up, not draining, and its switch port known. */
    public boolean takesNewFlows() {
        return state == SidecarState.UP && dpid != null;
    }
}
