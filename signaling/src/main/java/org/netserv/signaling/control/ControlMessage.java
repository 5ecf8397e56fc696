package org.netserv.signaling.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleStatus;

/**
 * The OFC-sidecar control channel (docs/control-channel.md): one JSON object per frame, told apart by
 * {@code type}. The sidecar connects and says {@link Hello}; the OFC answers {@link Welcome} with the
 * heartbeat interval; then heartbeats flow from the sidecar, install and remove commands from the OFC,
 * results, module state changes and counters from the sidecar.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ControlMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ControlMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ControlMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = ControlMessage.Install.class, name = "install"),
    @JsonSubTypes.Type(value = ControlMessage.Remove.class, name = "remove"),
    @JsonSubTypes.Type(value = ControlMessage.Result.class, name = "result"),
    @JsonSubTypes.Type(value = ControlMessage.ModuleChanged.class, name = "module"),
    @JsonSubTypes.Type(value = ControlMessage.Counters.class, name = "counters"),
    @JsonSubTypes.Type(value = ControlMessage.Bye.class, name = "bye"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ControlMessage {
    int PROTOCOL_VERSION = 1;

    /**
     * Sidecar to OFC, first: who it is, where its data interface is, what it can take, and the modules it
     * already runs (so a restarted OFC learns them).
     *
     * @param mac the data interface's MAC address, by which the OFC finds its switch port
     * @param capacity what the sidecar offers, e.g. cores and memory
     */
    record Hello(int protocol, String sidecarId, String mac, String iface, Capacity capacity,
                 List<ModuleStatus> modules) implements ControlMessage {}

    /** The sidecar's resources. */
    record Capacity(int cores, long memoryMb, int maxContainers) {}

    /** OFC to sidecar, after Hello: send a heartbeat this often; the OFC presumes the sidecar dead after deadAfterMs. */
    record Welcome(int protocol, long heartbeatIntervalMs, long deadAfterMs) implements ControlMessage {}

    /** Sidecar to OFC, every heartbeat interval: it is alive; and how loaded. */
    record Heartbeat(long seq, int containers, int modules) implements ControlMessage {}

    /** OFC to sidecar: install this module; answered by a {@link Result} with the same requestId. */
    record Install(long requestId, ModuleRequest request) implements ControlMessage {}

    /** OFC to sidecar: remove this module; answered by a {@link Result}. */
    record Remove(long requestId, String user, String name) implements ControlMessage {}

    /** Sidecar to OFC: the outcome of an install or remove; {@code error} says why it failed. */
    record Result(long requestId, boolean ok, String error, ModuleStatus module) implements ControlMessage {}

    /** Sidecar to OFC: a module changed state (active, failed, stopped by TTL, container died). */
    record ModuleChanged(ModuleStatus module) implements ControlMessage {}

    /** Sidecar to OFC, periodically: every module with its counters. */
    record Counters(List<ModuleStatus> modules) implements ControlMessage {}

    /** Either side, before closing on purpose. */
    record Bye(String reason) implements ControlMessage {}
}
