package org.netserv.ofc.core;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.netserv.ofc.switches.PortRoles;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/** {@link PortRoles} kept in memory: the marking module re-marks after a restart. */
public final class PortRoleRegistry implements PortRoles {
    private record SwitchPort(DatapathId dpid, OFPort port) {}

    private final Map<SwitchPort, String> roles = new ConcurrentHashMap<>();

    @Override
    public void markInfrastructure(DatapathId dpid, OFPort port, String role) {
        roles.put(new SwitchPort(dpid, port), role);
    }

    @Override
    public void unmark(DatapathId dpid, OFPort port) {
        roles.remove(new SwitchPort(dpid, port));
    }

    @Override
    public Optional<String> role(DatapathId dpid, OFPort port) {
        return Optional.ofNullable(roles.get(new SwitchPort(dpid, port)));
    }
}
