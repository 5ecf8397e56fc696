package org.netserv.ofc.topology;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.netserv.ofc.rest.Dpids;
import org.netserv.signaling.rest.ApiException;
import org.netserv.topology.Dpid;
import org.netserv.topology.Link;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.MacAddresses;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.host.Host;
import org.netserv.topology.path.BroadcastTree;
import org.netserv.topology.path.Hop;
import org.netserv.topology.path.Path;

/** {@code /links}, {@code /topology}, {@code /route/{src}/{dst}} and {@code /hosts}. */
final class TopologyRoutes implements EndpointGroup {
    private final TopologyState state;
    private final LongSupplier clock;

    TopologyRoutes(TopologyState state, LongSupplier clock) {
        this.state = state;
        this.clock = clock;
    }

    @Override
    public void addEndpoints() {
        get("/links", ctx -> ctx.json(links(state.snapshot().links())));
        get("/topology", ctx -> ctx.json(topology()));
        get("/route/{src}/{dst}", this::route);
        get("/hosts", ctx -> ctx.json(hosts()));
    }

    /** A monotonic-clock time as wall-clock text. */
    private String wallClock(long monotonic) {
        return Instant.now().minusMillis(clock.getAsLong() - monotonic).toString();
    }

    static Map<String, Object> port(SwitchPort p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dpid", Dpid.toString(p.dpid()));
        m.put("port", Integer.toUnsignedLong(p.port()));
        return m;
    }

    private List<Map<String, Object>> links(List<LinkRecord> records) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LinkRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("src", port(r.src()));
            m.put("dst", port(r.dst()));
            m.put("type", r.type().name());
            m.put("lastSeen", wallClock(r.lastSeen()));
            m.put("ageMs", clock.getAsLong() - r.lastSeen());
            rows.add(m);
        }
        return rows;
    }

    private static List<Map<String, Object>> cables(List<Link> cables) {
        return cables.stream().map(c -> Map.<String, Object>of("a", port(c.src()), "b", port(c.dst()))).toList();
    }

    private Map<String, Object> topology() {
        TopologyState.Snapshot s = state.snapshot();
        BroadcastTree tree = s.tree();
        List<Map<String, Object>> switches = new ArrayList<>();
        for (long dpid : s.switches()) {
            List<Map<String, Object>> ports = new ArrayList<>();
            for (int p : s.upPorts().get(dpid)) {
                SwitchPort sp = SwitchPort.of(dpid, p);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("port", Integer.toUnsignedLong(p));
                m.put("interSwitch", s.links().stream().anyMatch(l -> l.src().equals(sp) || l.dst().equals(sp)));
                m.put("broadcast", tree.broadcastPorts(dpid).contains(p));
                ports.add(m);
            }
            switches.add(Map.of("dpid", Dpid.toString(dpid), "ports", ports));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("switches", switches);
        out.put("links", links(s.links()));
        out.put("treeCables", cables(tree.treeCables()));
        out.put("blockedCables", cables(tree.blockedCables()));
        return out;
    }

    private void route(Context ctx) {
        long src = dpid(ctx.pathParam("src"));
        long dst = dpid(ctx.pathParam("dst"));
        Path path = state.route(src, dst).orElseThrow(() -> ApiException.notFound(
                "no route from " + Dpid.toString(src) + " to " + Dpid.toString(dst)));
        List<Map<String, Object>> hops = new ArrayList<>();
        List<Hop> all = path.hops();
        for (int i = 0; i < all.size(); i++) {
            Hop h = all.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dpid", Dpid.toString(h.dpid()));
            m.put("inPort", i == 0 ? null : Integer.toUnsignedLong(h.inPort()));
            m.put("outPort", i == all.size() - 1 ? null : Integer.toUnsignedLong(h.outPort()));
            hops.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("src", Dpid.toString(src));
        out.put("dst", Dpid.toString(dst));
        out.put("length", path.links().size());
        out.put("hops", hops);
        out.put("links", path.links().stream().map(l -> Map.<String, Object>of("src", port(l.src()), "dst", port(l.dst())))
                .toList());
        ctx.json(out);
    }

    /** As {@code /switches/{dpid}} reads it (a plain number is decimal there and here). */
    private static long dpid(String text) {
        return Dpids.parse(text).getLong();
    }

    private List<Map<String, Object>> hosts() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Host h : state.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mac", MacAddresses.toString(h.mac()));
            m.put("ipv4", h.ipv4().isPresent() ? h.ipv4Text() : null);
            m.put("attachment", port(h.attachment()));
            m.put("lastSeen", wallClock(h.lastSeen()));
            rows.add(m);
        }
        return rows;
    }
}
