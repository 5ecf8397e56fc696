package org.netserv.ofc.steering;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowDeletion;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchApproaches;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.model.FailurePolicy;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Puts a module's steering on a switch and takes it off: the entries {@link SteeringRules} builds, written
 * through the flow service (so a reconnecting switch gets them back), only those that changed.
 */
final class SteeringWriter {
    private final SwitchService switches;
    private final FlowService flows;
    private final int pinIdleSeconds;

    SteeringWriter(SwitchService switches, FlowService flows, int pinIdleSeconds) {
        this.switches = switches;
        this.flows = flows;
        this.pinIdleSeconds = pinIdleSeconds;
    }

    /**
     * Writes the module's classify, chooser and learner entries for these sidecar ports of the switch;
     * completes when the switch confirmed them (at once if nothing changed or the switch is away: what was
     * written before stays in the flow service, which puts it back when the switch reconnects).
     */
    CompletableFuture<Void> write(DatapathId dpid, SteeredModule m, List<SteeringRules.Member> members) {
        Optional<OfSwitch> sw = switches.get(dpid);
        if (sw.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        OFFactory f = sw.get().factory();
        boolean bypass = members.isEmpty() && m.request.failurePolicy() == FailurePolicy.FAIL_OPEN;
        List<FlowEntry> entries = new ArrayList<>(SteeringRules.classify(f, m.number, m.request.steeredFilters(), bypass));
        entries.addAll(SteeringRules.arrival(f, m.number, bypass));
        entries.add(SteeringRules.chooser(f, m.number));
        entries.add(SteeringRules.learner(f, m.number, m.filter().proto(), m.request.symmetric(), members,
                pinIdleSeconds));
        entries.removeAll(Set.copyOf(flows.flows(dpid))); // already there as wanted: leave them be
        return entries.isEmpty() ? CompletableFuture.completedFuture(null) : flows.addConfirmed(dpid, entries);
    }

    /**
     * Writes the entries that bring the module's traffic entering this switch (which has none of its
     * sidecars) towards its sidecars' switches; removes those of its ports that are no longer edge ports.
     */
    void writeApproach(DatapathId dpid, SteeredModule m, SwitchApproaches.Approach way) {
        switches.get(dpid).ifPresent(sw -> {
            OFFactory f = sw.factory();
            List<FlowEntry> wanted = SteeringRules.approach(f, m.number, m.request.steeredFilters(), way);
            U64 cookie = SteeringRules.approachCookie(m.number);
            Set<Match> keep = wanted.stream().map(FlowEntry::match).collect(java.util.stream.Collectors.toSet());
            List<FlowEntry> present = flows.flows(dpid).stream().filter(e -> e.cookie().equals(cookie)).toList();
            for (FlowEntry e : present) {
                if (!keep.contains(e.match())) { // a port that is no longer an edge port; a new way out replaces in place
                    flows.delete(dpid, FlowDeletion.withCookie(Pipeline.CLASSIFY_TABLE, cookie, e.match()));
                }
            }
            List<FlowEntry> missing = new ArrayList<>(wanted);
            missing.removeAll(Set.copyOf(present));
            if (!missing.isEmpty()) {
                flows.add(dpid, missing);
            }
        });
    }

    /** Takes the module's approach entries off a switch. */
    void removeApproach(DatapathId dpid, int number) {
        flows.delete(dpid, FlowDeletion.withCookie(Pipeline.CLASSIFY_TABLE, SteeringRules.approachCookie(number)));
    }

    /** Drops the module's flow pins toward one sidecar port: those flows pick a sidecar afresh. */
    void dropPins(DatapathId dpid, int number, OFPort port) {
        flows.delete(dpid, FlowDeletion.withCookie(Pipeline.AFFINITY_TABLE, SteeringRules.pinCookie(number))
                .outputtingTo(port));
    }

    /**
     * Takes every entry of the module off the switch: classify, chooser, pins and learner. Also while the
     * switch is away: the flow service forgets them, so they are not put back when it reconnects.
     */
    void remove(DatapathId dpid, int number) {
        flows.delete(dpid, FlowDeletion.withCookie(TableId.ALL, SteeringRules.cookie(number)));
        flows.delete(dpid, FlowDeletion.withCookie(Pipeline.AFFINITY_TABLE, SteeringRules.pinCookie(number)));
        flows.delete(dpid, FlowDeletion.withCookie(Pipeline.LEARN_TABLE, SteeringRules.learnerCookie(number)));
    }
}
