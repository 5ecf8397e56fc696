package org.netserv.ofc.switches;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * How traffic entering the network at any switch reaches the nearest of some switches: what steering
 * needs to bring a module's traffic from hosts on other switches to the switches its sidecars hang off.
 * From the topology module; without it ({@link #NONE}) traffic is steered only where it enters a
 * sidecar's own switch.
 */
public interface SwitchApproaches {
    /**
     * One switch's way towards the targets.
     *
     * @param toward the port of its first hop on a shortest path to the nearest target
     * @param edgePorts its ports where traffic enters the network: up, not an inter-switch port, not an
     *                  infrastructure port (a sidecar), and up long enough for its links to have shown
     */
    record Approach(OFPort toward, List<OFPort> edgePorts) {
        public Approach {
            edgePorts = List.copyOf(edgePorts);
        }
    }

    /** For every connected switch that reaches one of {@code targets} and is not one of them, its way there. */
    Map<DatapathId, Approach> approaches(Set<DatapathId> targets);

    /**
     * Tells {@code listener} when links go away, so that ways through them are replaced at once rather than
     * at the next periodic check (see {@link HostRoutes.Listener}: hand the work to your own thread).
     */
    default void addListener(HostRoutes.Listener listener) {}

    /** No topology: no way from elsewhere is known. */
    SwitchApproaches NONE = targets -> Map.of();
}
