package org.netserv.signaling.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A module as a sidecar reports it: the admin API's {@code GET /modules} rows and the control channel's
 * status reports.
 *
 * @param version the bundle's version
 * @param reason why the module is FAILED, or null
 * @param packets frames the module processed
 * @param bytes bytes of those frames
 * @param errors times the module threw
 * @param counters the module's own counters
 * @param published the views the module published (e.g. NetMonitor's tuples)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModuleStatus(String user, String name, String version, ModuleState state, PacketFilter filter,
                           FailurePolicy failurePolicy, long packets, long bytes, long errors, String reason,
                           Instant installedAt, Instant expiresAt, Map<String, Long> counters,
                           Map<String, Object> published) {

    public String id() {
        return user + "/" + name;
    }
}
