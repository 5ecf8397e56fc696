package org.netserv.ofc.steering;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.netserv.signaling.model.FailurePolicy;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.PacketFilter;

/**
 * The body of the OFC's {@code POST /api/v1/modules}: a sidecar's module request plus how to spread it.
 *
 * @param replicas how many sidecars run the module (the least loaded ones); null: every sidecar, and
 *     sidecars that join later too
 * @param symmetric steer the reverse direction as well, to the same sidecar as the forward one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeployRequest(String user, String name, String url, String sha256, PacketFilter filter, Long ttl,
                            Map<String, String> properties, FailurePolicy failurePolicy, Integer replicas,
                            Boolean symmetric) {

    public DeployRequest {
        ModuleRequest checked = new ModuleRequest(user, name, url, sha256, filter, ttl, properties, failurePolicy);
        properties = checked.properties();
        failurePolicy = checked.failurePolicy();
        sha256 = checked.sha256();
        if (replicas != null && (replicas < 1 || replicas > 1000)) {
            throw new IllegalArgumentException("replicas must be 1-1000 (or absent for every sidecar), got " + replicas);
        }
        symmetric = (symmetric != null && symmetric) || filter.isBidirectional();
    }

    /** What each chosen sidecar is asked to install: in symmetric mode the module sees both directions. */
    public ModuleRequest moduleRequest() {
        return moduleRequest(ttl);
    }

    /** The same with the seconds the module has left, for a sidecar that gets it later. */
    public ModuleRequest moduleRequest(long ttlLeft) {
        return new ModuleRequest(user, name, url, sha256, filter.withBothDirections(symmetric), ttlLeft, properties,
                failurePolicy);
    }

    /** The one-way filters the switch steers: the request's, and its reverse in symmetric mode. */
    public List<PacketFilter> steeredFilters() {
        return filter.withBothDirections(symmetric).oneWay();
    }
}
