package org.netserv.ofc.sidecars;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchService;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortStatsReply;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/** What a switch counted towards its sidecar ports: frames sent to each, and flows pinned to each. */
final class SwitchCounters {
    private SwitchCounters() {}

    /** Frames and bytes the switch sent to a sidecar (tx) and got back from it (rx). */
    record PortCounters(long txPackets, long txBytes, long rxPackets, long rxBytes) {}

    record Snapshot(Map<Integer, PortCounters> ports, Map<Integer, Integer> pins) {
        Optional<PortCounters> port(int port) {
            return Optional.ofNullable(ports.get(port));
        }

        int pinnedFlows(int port) {
            return pins.getOrDefault(port, 0);
        }
    }

    private static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

    /** Reads one switch; an unreachable or slow switch gives empty counters rather than a failed request. */
    static Snapshot read(SwitchService switches, String dpid) {
        Optional<OfSwitch> sw = switches.get(DatapathId.of(dpid));
        if (sw.isEmpty()) {
            return EMPTY;
        }
        OFFactory f = sw.get().factory();
        CompletableFuture<List<OFPortStatsReply>> ports = sw.get().requestStats(
                f.buildPortStatsRequest().setPortNo(OFPort.ANY).build());
        CompletableFuture<List<OFFlowStatsReply>> flows = sw.get().requestStats(f.buildFlowStatsRequest()
                .setTableId(Pipeline.AFFINITY_TABLE).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                .setCookieMask(U64.ZERO).setMatch(f.buildMatch().build()).build());
        try {
            Map<Integer, PortCounters> byPort = new HashMap<>();
            for (OFPortStatsReply r : ports.get(2, TimeUnit.SECONDS)) {
                for (OFPortStatsEntry e : r.getEntries()) {
                    byPort.put(e.getPortNo().getPortNumber(), new PortCounters(e.getTxPackets().getValue(),
                            e.getTxBytes().getValue(), e.getRxPackets().getValue(), e.getRxBytes().getValue()));
                }
            }
            Map<Integer, Integer> pins = new HashMap<>();
            for (OFFlowStatsReply r : flows.get(2, TimeUnit.SECONDS)) {
                for (OFFlowStatsEntry e : r.getEntries()) {
                    outputPort(e).ifPresent(p -> pins.merge(p, 1, Integer::sum));
                }
            }
            return new Snapshot(byPort, pins);
        } catch (Exception e) {
            return EMPTY;
        }
    }

    /** The port an entry outputs to directly (a flow pin), if any. */
    static Optional<Integer> outputPort(OFFlowStatsEntry e) {
        return e.getInstructions().stream()
                .filter(OFInstructionApplyActions.class::isInstance)
                .flatMap(i -> ((OFInstructionApplyActions) i).getActions().stream())
                .filter(OFActionOutput.class::isInstance)
                .map(a -> ((OFActionOutput) a).getPort().getPortNumber())
                .findFirst();
    }
}
