package org.netserv.ofc.switches;

import java.util.Optional;
import java.util.Set;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Where forwarding may flood, so that floods stay loop-free when the network has loops. The topology
 * module's policy floods along a broadcast tree; without it, {@link #EVERYWHERE} keeps plain flooding (fine
 * on loop-free networks only).
 */
public interface FloodPolicy {
    /**
     * False when a frame arriving on {@code inPort} must be dropped without learning from it: it came in
     * over an inter-switch cable outside the broadcast tree (round a loop).
     */
    boolean accepts(DatapathId dpid, OFPort inPort);

    /**
     * The ports a flood of a frame that arrived on {@code inPort} may use ({@code inPort} excluded), or empty
     * when the policy has no opinion (flood to every network port).
     */
    Optional<Set<OFPort>> floodPorts(DatapathId dpid, OFPort inPort);

    /** Plain flooding: every frame accepted, floods to every port. */
    FloodPolicy EVERYWHERE = new FloodPolicy() {
        @Override
        public boolean accepts(DatapathId dpid, OFPort inPort) {
            return true;
        }

        @Override
        public Optional<Set<OFPort>> floodPorts(DatapathId dpid, OFPort inPort) {
            return Optional.empty();
        }
    };
}
