package org.netserv.ofc.steering;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.sidecars.SidecarState;
import org.netserv.ofc.sidecars.SidecarView;

/** Modules and sidecars in Prometheus form, read at scrape time. */
final class SteeringMetrics implements Supplier<MetricSnapshots> {
    private final ModuleViews views;
    private final SidecarService pool;

    SteeringMetrics(ModuleViews views, SidecarService pool) {
        this.views = views;
        this.pool = pool;
    }

    @Override
    public MetricSnapshots get() {
        List<ModuleView> modules = views.all();
        CounterSnapshot.Builder switchPackets = CounterSnapshot.builder().name("netserv_module_switch_packets")
                .help("Packets the switch steered for a module (its classify entries)");
        CounterSnapshot.Builder switchBytes = CounterSnapshot.builder().name("netserv_module_switch_bytes")
                .help("Bytes the switch steered for a module");
        CounterSnapshot.Builder sidecarPackets = CounterSnapshot.builder().name("netserv_module_sidecar_packets")
                .help("Packets a module processed on a sidecar, as the sidecar reports");
        CounterSnapshot.Builder sidecarBytes = CounterSnapshot.builder().name("netserv_module_sidecar_bytes")
                .help("Bytes a module processed on a sidecar, as the sidecar reports");
        GaugeSnapshot.Builder moduleActive = GaugeSnapshot.builder().name("netserv_module_active")
                .help("1 when a module's traffic is steered to at least one sidecar");
        for (ModuleView m : modules) {
            Labels l = Labels.of("user", m.user(), "module", m.name());
            if (m.switchCounters() != null) {
                switchPackets.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(m.switchCounters().packets()).build());
                switchBytes.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(m.switchCounters().bytes()).build());
            }
            moduleActive.dataPoint(GaugeDataPointSnapshot.builder().labels(l)
                    .value(m.state() == SteeringState.ACTIVE ? 1 : 0).build());
            for (ModuleView.Placement p : m.sidecars()) {
                Labels ls = Labels.of("user", m.user(), "module", m.name(), "sidecar", p.id());
                sidecarPackets.dataPoint(CounterDataPointSnapshot.builder().labels(ls).value(p.packets()).build());
                sidecarBytes.dataPoint(CounterDataPointSnapshot.builder().labels(ls).value(p.bytes()).build());
            }
        }
        GaugeSnapshot.Builder sidecarUp = GaugeSnapshot.builder().name("netserv_sidecar_state")
                .help("1 for the state each sidecar is in (UP, DRAINING, DOWN)");
        for (SidecarView v : pool.sidecars()) {
            for (SidecarState s : SidecarState.values()) {
                sidecarUp.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("sidecar", v.id(), "state", s.name()))
                        .value(v.state() == s ? 1 : 0).build());
            }
        }
        return MetricSnapshots.of(switchPackets.build(), switchBytes.build(), sidecarPackets.build(),
                sidecarBytes.build(), moduleActive.build(), sidecarUp.build());
    }
}
