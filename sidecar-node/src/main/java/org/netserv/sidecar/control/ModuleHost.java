package org.netserv.sidecar.control;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.netserv.sidecar.agent.AgentException;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleStatus;

/** What the control channel drives: the sidecar agent (a fake in tests). */
public interface ModuleHost {
    ModuleStatus install(ModuleRequest request) throws AgentException;

    Optional<ModuleStatus> uninstall(String user, String name) throws AgentException;

    List<ModuleStatus> modules();

    /** Users with a running container and their process ids. */
    Map<String, Long> containers();

    void addListener(Consumer<ModuleStatus> listener);
}
