package org.netserv.ofc.steering;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.netserv.ofc.switches.SwitchApproaches;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steering across switches: keeps, for each module, the entries on switches without its sidecars that bring
 * the traffic entering there to the nearest switch with them (docs/topology.md). Used on the steering
 * thread only.
 */
final class ModuleApproaches {
    private static final Logger log = LoggerFactory.getLogger(ModuleApproaches.class);

    private final SteeringWriter writer;
    private volatile SwitchApproaches ways = SwitchApproaches.NONE;
    /** What was written, by module number: each switch sending the module's traffic on, and how. */
    private final Map<Integer, Map<DatapathId, SwitchApproaches.Approach>> on = new HashMap<>();

    ModuleApproaches(SteeringWriter writer) {
        this.writer = writer;
    }

    /** The topology's ways between switches; {@link SwitchApproaches#NONE} (no steering from elsewhere) if never set. */
    void by(SwitchApproaches topology) {
        this.ways = java.util.Objects.requireNonNull(topology, "topology");
    }

    /**
     * Brings the module's traffic from every other switch that reaches {@code targets} (the switches its
     * sidecars hang off), writing only what changed, and takes it off switches no longer concerned. Modules
     * deployed by signaling at given switches are steered only there (the signaled path crosses them).
     */
    void update(SteeredModule m, Set<DatapathId> targets) {
        Map<DatapathId, SwitchApproaches.Approach> wanted = m.nodeScoped || targets.isEmpty() ? Map.of()
                : ways.approaches(targets);
        if (m.number > SteeringRules.MAX_TAGGED_MODULE && !wanted.isEmpty()) {
            if (!on.containsKey(m.number)) {
                log.warn("module {}: number {} is beyond VLAN ids ({}): its traffic is steered only where it enters "
                        + "its sidecars' switches", m.key(), m.number, SteeringRules.MAX_TAGGED_MODULE);
            }
            wanted = Map.of();
        }
        Map<DatapathId, SwitchApproaches.Approach> before = on.getOrDefault(m.number, Map.of());
        for (DatapathId dpid : before.keySet()) {
            if (!wanted.containsKey(dpid)) {
                writer.removeApproach(dpid, m.number);
            }
        }
        wanted.forEach((dpid, way) -> {
            if (!way.equals(before.get(dpid))) { // unchanged ways stay in the flow service as written
                writer.writeApproach(dpid, m, way);
            }
        });
        if (!wanted.keySet().equals(before.keySet())) {
            log.info("module {}: traffic entering {} switch(es) without its sidecars is brought to {}", m.key(),
                    wanted.size(), targets);
        }
        on.put(m.number, Map.copyOf(wanted));
    }

    /** The switches that bring the module's traffic to its sidecars now. */
    Set<DatapathId> switchesOf(int number) {
        return Set.copyOf(on.getOrDefault(number, Map.of()).keySet());
    }

    /** Takes a removed module's entries off every switch. */
    void remove(int number) {
        for (DatapathId dpid : on.getOrDefault(number, Map.of()).keySet()) {
            writer.removeApproach(dpid, number);
        }
        on.remove(number);
    }
}
