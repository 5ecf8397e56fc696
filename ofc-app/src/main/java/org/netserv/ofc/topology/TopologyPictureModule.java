package org.netserv.ofc.topology;

import static io.javalin.apibuilder.ApiBuilder.get;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.netserv.ofc.module.OfcModule;
import org.netserv.ofc.module.ServiceDirectory;
import org.netserv.ofc.rest.RestService;
import org.netserv.ofc.sidecars.SidecarService;
import org.netserv.ofc.sidecars.SidecarView;
import org.netserv.ofc.steering.ModuleView;
import org.netserv.ofc.steering.SteeringService;
import org.netserv.ofc.switches.SwitchService;
import org.netserv.ofc.topology.picture.NetworkPicture;
import org.netserv.ofc.topology.picture.TopologyPage;
import org.netserv.ofc.topology.picture.TopologySvg;
import org.netserv.signaling.model.ModuleStatus;
import org.netserv.topology.Link;
import org.netserv.topology.MacAddresses;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The picture for operators: {@code GET /api/v1/topology.svg} draws the live topology (switches, cables and
 * the broadcast tree, hosts, sidecars and their modules) and {@code GET /ui} is a page that shows it and
 * fetches it again every two seconds. Runs beside the topology module; the sidecar pool and steering are
 * optional (the composition root passes them when those modules run), so without them the picture has
 * switches and hosts only.
 */
public final class TopologyPictureModule implements OfcModule {
    private final TopologyModule topology;
    private final Optional<SidecarService> sidecars;
    private final Optional<SteeringService> steering;
    private SwitchService switches;

    public TopologyPictureModule(TopologyModule topology, Optional<SidecarService> sidecars,
                                 Optional<SteeringService> steering) {
        this.topology = topology;
        this.sidecars = sidecars;
        this.steering = steering;
    }

    @Override
    public String name() {
        return "topology-picture";
    }

    @Override
    public Set<Class<?>> requires() {
        return Set.of(RestService.class, SwitchService.class);
    }

    @Override
    public void startUp(ServiceDirectory services) {
        switches = services.get(SwitchService.class);
        RestService rest = services.get(RestService.class);
        rest.addRoutes(() -> get("/topology.svg",
                ctx -> ctx.contentType(TopologySvg.CONTENT_TYPE).result(TopologySvg.render(picture()))));
        rest.addRootRoutes(() -> get("/ui", ctx -> ctx.html(TopologyPage.HTML)));
    }

    /** What the OFC knows now, as the picture's plain values. */
    NetworkPicture picture() {
        TopologyState.Snapshot s = topology.snapshot();
        List<NetworkPicture.Switch> sws = s.switches().stream()
                .map(d -> new NetworkPicture.Switch(d, switchName(d))).toList();
        Set<Link> blocked = Set.copyOf(s.tree().blockedCables());
        List<NetworkPicture.Cable> cables = s.links().stream().map(r -> r.link().undirected()).distinct()
                .map(l -> new NetworkPicture.Cable(l.src().dpid(), l.src().port(), l.dst().dpid(), l.dst().port(),
                        blocked.contains(l)))
                .toList();
        List<NetworkPicture.Host> hosts = topology.hosts().stream()
                .map(h -> new NetworkPicture.Host(MacAddresses.toString(h.mac()),
                        h.ipv4().isPresent() ? h.ipv4Text() : null, h.attachment().dpid(), h.attachment().port()))
                .toList();
        List<ModuleView> deployed = steering.map(SteeringService::modules).orElse(List.of());
        List<NetworkPicture.Sidecar> boxes = sidecars.map(SidecarService::sidecars).orElse(List.of()).stream()
                .map(v -> sidecar(v, deployed)).toList();
        return new NetworkPicture(sws, cables, hosts, boxes);
    }

    /** The bridge name a switch gives its LOCAL port (e.g. {@code s1} in Mininet), if it gives one. */
    private String switchName(long dpid) {
        return switches.get(DatapathId.of(dpid)).flatMap(sw -> sw.port(OFPort.LOCAL)).map(OFPortDesc::getName)
                .filter(n -> !n.isBlank()).orElse(null);
    }

    /** A sidecar with the modules it reports, plus those steering placed there that it has not reported yet. */
    static NetworkPicture.Sidecar sidecar(SidecarView v, List<ModuleView> deployed) {
        Map<String, String> modules = new LinkedHashMap<>();
        for (ModuleStatus m : v.modules() == null ? List.<ModuleStatus>of() : v.modules()) {
            modules.put(m.id(), m.state() == null ? null : m.state().name());
        }
        for (ModuleView m : deployed) {
            for (ModuleView.Placement p : m.sidecars() == null ? List.<ModuleView.Placement>of() : m.sidecars()) {
                if (p.id().equals(v.id())) {
                    modules.putIfAbsent(m.user() + "/" + m.name(),
                            p.moduleState() != null ? p.moduleState().name() : m.state() == null ? null : m.state().name());
                }
            }
        }
        List<NetworkPicture.Module> list = new ArrayList<>();
        modules.forEach((id, state) -> list.add(new NetworkPicture.Module(id, state)));
        return new NetworkPicture.Sidecar(v.id(), v.state() == null ? null : v.state().name(),
                v.dpid() == null ? null : DatapathId.of(v.dpid()).getLong(), v.port(), list);
    }
}
