package org.netserv.ofc.steering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.sidecars.SidecarView;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.signaling.model.ModuleStatus;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/** Builds {@link ModuleView}s: the steering state, each sidecar's report, and the switch's counters. */
final class ModuleViews {
    private final Steering steering;
    private final SidecarService pool;
    private final SwitchService switches;

    ModuleViews(Steering steering, SidecarService pool, SwitchService switches) {
        this.steering = steering;
        this.pool = pool;
        this.switches = switches;
    }

    /** Every module with its switch counters (one flow-stats request per switch). */
    List<ModuleView> all() {
        return all(true);
    }

    /** Every module; {@code withCounters} false leaves out the switch counters and asks no switch. */
    List<ModuleView> all(boolean withCounters) {
        Map<DatapathId, Map<Integer, ModuleView.Counters>> read = new HashMap<>();
        return steering.snapshot().join().stream()
                .map(s -> view(s, withCounters ? counters(s, read) : null)).toList();
    }

    /** One module, with the counters of its own switches only. */
    Optional<ModuleView> one(String user, String name) {
        return steering.snapshot().join().stream()
                .filter(s -> s.request().user().equals(user) && s.request().name().equals(name)).findFirst()
                .map(s -> view(s, counters(s, new HashMap<>())));
    }

    /** What the module's classify (and arrival) entries matched on its switches; {@code read} caches per switch. */
    private ModuleView.Counters counters(Steering.SteeredModuleSnapshot s,
            Map<DatapathId, Map<Integer, ModuleView.Counters>> read) {
        long packets = 0;
        long bytes = 0;
        for (DatapathId dpid : s.switches()) {
            ModuleView.Counters c = read.computeIfAbsent(dpid, this::classifyCounters)
                    .getOrDefault(s.number(), new ModuleView.Counters(0, 0));
            packets += c.packets();
            bytes += c.bytes();
        }
        return new ModuleView.Counters(packets, bytes);
    }

    /** A view without switch counters (for answers right after a change). */
    ModuleView of(SteeredModule m) {
        return steering.snapshot().join().stream().filter(s -> s.number() == m.number).findFirst()
                .map(s -> view(s, null))
                .orElseGet(() -> view(new Steering.SteeredModuleSnapshot(m.request, m.number, m.state, m.createdAt,
                        m.expiresAt, m.chainedAfter, List.copyOf(m.placement), java.util.Set.of(), java.util.Set.of(), java.util.Set.of()), null));
    }

    private ModuleView view(Steering.SteeredModuleSnapshot s, ModuleView.Counters switchCounters) {
        List<ModuleView.Placement> placements = new ArrayList<>();
        for (String id : s.placement()) {
            Optional<SidecarView> v = pool.sidecar(id);
            ModuleStatus status = v.flatMap(x -> statusOf(x, s.request())).orElse(null);
            placements.add(new ModuleView.Placement(id, v.map(x -> x.state().name()).orElse("GONE"),
                    status == null ? null : status.state(), s.liveOn().contains(id),
                    status == null ? 0 : status.packets(), status == null ? 0 : status.bytes(),
                    status == null ? 0 : status.errors()));
        }
        DeployRequest r = s.request();
        return new ModuleView(r.user(), r.name(), s.state(), r.url(), r.filter(), r.symmetric(), r.failurePolicy(),
                r.replicas(), s.chainedAfter(), SteeringRules.cookie(s.number()).toString(),
                SteeringRules.pinCookie(s.number()).toString(), s.number(), s.createdAt(), s.expiresAt(), switchCounters,
                placements, dpids(s.switches()), dpids(s.broughtFrom()));
    }

    private static List<String> dpids(java.util.Set<DatapathId> ids) {
        return ids.stream().sorted().map(DatapathId::toString).toList();
    }

    private static Optional<ModuleStatus> statusOf(SidecarView v, DeployRequest r) {
        return v.modules() == null ? Optional.empty() : v.modules().stream()
                .filter(m -> m.user().equals(r.user()) && m.name().equals(r.name())).findFirst();
    }

    /** Packets and bytes of each module's classify entries on one switch (one flow-stats request). */
    private Map<Integer, ModuleView.Counters> classifyCounters(DatapathId dpid) {
        Optional<OfSwitch> sw = switches.get(dpid);
        Map<Integer, ModuleView.Counters> byModule = new HashMap<>();
        if (sw.isEmpty()) {
            return byModule;
        }
        OFFactory f = sw.get().factory();
        CompletableFuture<List<OFFlowStatsReply>> replies = sw.get().requestStats(f.buildFlowStatsRequest()
                .setTableId(Pipeline.CLASSIFY_TABLE).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                .setCookie(SteeringRules.OWNER.cookie()).setCookieMask(FlowOwner.OWNER_MASK)
                .setMatch(f.buildMatch().build()).build());
        try {
            for (OFFlowStatsReply r : replies.get(2, TimeUnit.SECONDS)) {
                for (OFFlowStatsEntry e : r.getEntries()) {
                    int number = (int) (e.getCookie().getValue() & 0xFFFFFFFFL);
                    byModule.merge(number, new ModuleView.Counters(e.getPacketCount().getValue(), e.getByteCount().getValue()),
                            (a, b) -> new ModuleView.Counters(a.packets() + b.packets(), a.bytes() + b.bytes()));
                }
            }
        } catch (Exception e) {
            // a slow or gone switch: counters are left out rather than failing the whole answer
        }
        return byModule;
    }
}
