package org.netserv.ofc.steering;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.netserv.signaling.model.FailurePolicy;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.PacketFilter;

/**
 * A deployed module as {@code GET /api/v1/modules} shows it.
 *
 * @param cookie the cookie of its classify and chooser entries; the flow pins the switch learns for it
 *     carry the same low 32 bits
 * @param number the module's number: the metadata its packets carry in the switch and the low 32 bits of its cookies
 * @param switchCounters what its classify entries matched on the switch(es)
 * @param sidecars each sidecar it is placed on, with that sidecar's health and the module's counters there
 * @param sidecarSwitches the switches its sidecars hang off, where its traffic is steered
 * @param broughtFrom the other switches whose traffic for it is brought to those (steering across switches)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModuleView(String user, String name, SteeringState state, String url, PacketFilter filter,
                         boolean symmetric, FailurePolicy failurePolicy, Integer replicas, String chainedAfter,
                         String cookie, String pinCookie, int number, Instant createdAt, Instant expiresAt,
                         @JsonProperty("switch") Counters switchCounters, List<Placement> sidecars,
                         List<String> sidecarSwitches, List<String> broughtFrom) {

    /** Packets and bytes. */
    public record Counters(long packets, long bytes) {}

    /**
     * @param sidecarState UP, DRAINING or DOWN
     * @param moduleState the module's state on that sidecar as it last reported, or null if not reported
     * @param takesNewFlows whether new flows of this module go there now
     */
    public record Placement(String id, String sidecarState, ModuleState moduleState, boolean takesNewFlows,
                            long packets, long bytes, long errors) {}
}
