package org.netserv.ofc.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.sidecars.SidecarState;
import org.netserv.ofc.sidecars.SidecarView;
import org.netserv.ofc.steering.ModuleView;
import org.netserv.ofc.steering.SteeringState;
import org.netserv.ofc.topology.picture.NetworkPicture;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;

/** How a sidecar of the pool and the modules steering placed become the picture's sidecar. */
class TopologyPictureModuleTest {

    private static ModuleView deployed(String user, String name, SteeringState state, ModuleView.Placement... on) {
        return new ModuleView(user, name, state, null, null, false, null, null, null, null, null, 1, Instant.now(), null,
                null, List.of(on), List.of(), List.of());
    }

    private static ModuleView.Placement on(String sidecar, ModuleState state) {
        return new ModuleView.Placement(sidecar, "UP", state, true, 0, 0, 0);
    }

    @Test
    void reportedModulesComeFirstAndSteeringAddsThoseNotReportedYet() {
        ModuleStatus reported = new ModuleStatus("alice", "netmonitor", "1.0.0", ModuleState.ACTIVE, null, null, 0, 0,
                0, null, Instant.now(), null, Map.of(), Map.of());
        SidecarView v = new SidecarView("sc1", SidecarState.DRAINING, 1, "02:00:00:00:00:01", "00:00:00:00:00:00:00:0b", 4,
                null, 2, 1024, null, null, null, null, List.of(reported));
        List<ModuleView> modules = List.of(
                deployed("alice", "netmonitor", SteeringState.ACTIVE, on("sc1", ModuleState.FAILED)), // the report wins
                deployed("bob", "keepalive", SteeringState.INSTALLING, on("sc1", null), on("sc2", ModuleState.ACTIVE)),
                deployed("carol", "cache", SteeringState.ACTIVE, on("sc2", ModuleState.ACTIVE)));

        NetworkPicture.Sidecar s = TopologyPictureModule.sidecar(v, modules);

        assertThat(s).isEqualTo(new NetworkPicture.Sidecar("sc1", "DRAINING", 0x0bL, 4, List.of(
                new NetworkPicture.Module("alice/netmonitor", "ACTIVE"), new NetworkPicture.Module("bob/keepalive", "INSTALLING"))));
    }

    @Test
    void aSidecarNotFoundOnASwitchYetHasNoAttachment() {
        SidecarView v = new SidecarView("sc2", SidecarState.UP, 1, null, null, null, null, 2, 1024, null, null, null,
                null, null);
        assertThat(TopologyPictureModule.sidecar(v, List.of()))
                .isEqualTo(new NetworkPicture.Sidecar("sc2", "UP", null, null, List.of()));
    }
}
