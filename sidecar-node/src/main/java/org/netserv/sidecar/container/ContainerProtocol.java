package org.netserv.sidecar.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleStatus;

/**
 * What the sidecar agent and one container process say to each other: one JSON object per line, commands
 * on the container's standard input, replies and events on its standard output (its log goes to standard
 * error). The container exits when its standard input closes, so it never outlives its agent.
 *
 * <pre>
 * agent:     {"id":1,"op":"install","request":{"user":"acme","name":"nm",...}}
 * container: {"id":1,"ok":true,"module":{"user":"acme","name":"nm","state":"ACTIVE",...}}
 * container: {"event":"module","module":{...,"state":"FAILED","reason":"..."}}
 * agent:     {"id":2,"op":"status"}
 * container: {"id":2,"ok":true,"modules":[...]}
 * </pre>
 */
final class ContainerProtocol {
    private ContainerProtocol() {}

    static final String INSTALL = "install";
    static final String UNINSTALL = "uninstall";
    static final String STOP = "stop";
    static final String START = "start";
    static final String STATUS = "status";
    static final String SHUTDOWN = "shutdown";

    /** Agent to container. {@code request} for install, {@code name} and {@code reason} for uninstall. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Command(long id, String op, ModuleRequest request, String name, String reason) {
        static Command install(long id, ModuleRequest r) {
            return new Command(id, INSTALL, r, null, null);
        }

        static Command uninstall(long id, String name, String reason) {
            return new Command(id, UNINSTALL, null, name, reason);
        }

        static Command stop(long id, String name) {
            return new Command(id, STOP, null, name, null);
        }

        static Command start(long id, String name) {
            return new Command(id, START, null, name, null);
        }

        static Command status(long id) {
            return new Command(id, STATUS, null, null, null);
        }

        static Command shutdown(long id) {
            return new Command(id, SHUTDOWN, null, null, null);
        }
    }

    /**
     * Container to agent: a reply ({@code id} set, {@code ok}, then {@code error} or a result) or an
     * event ({@code event} = {@code ready} or {@code module}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(Long id, Boolean ok, String error, ModuleStatus module, List<ModuleStatus> modules, String event) {
        static Message ok(long id, ModuleStatus module) {
            return new Message(id, true, null, module, null, null);
        }

        static Message ok(long id, List<ModuleStatus> modules) {
            return new Message(id, true, null, null, modules, null);
        }

        static Message error(long id, String error) {
            return new Message(id, false, error, null, null, null);
        }

        static Message event(String event, ModuleStatus module) {
            return new Message(null, null, null, module, null, event);
        }
    }
}
