package org.netserv.topology.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netserv.topology.Link;
import org.netserv.topology.LinkEvent;
import org.netserv.topology.LinkRecord;
import org.netserv.topology.LinkType;
import org.netserv.topology.SwitchPort;
import org.netserv.topology.TopologyGraph;
import org.netserv.topology.lldp.LldpProbe;
import org.netserv.topology.lldp.ProbeKind;
import org.netserv.topology.lldp.ProbeTag;

/**
 * Link discovery as state, without I/O: says which ports to probe and what probe to send, turns received
 * probes into links of a {@link TopologyGraph}, and expires links no probe has confirmed for a while. The
 * controller does the sending (PacketOut of {@code codec.encode(probe)} on every port every few seconds),
 * the receiving (PacketIn, {@code codec.decode}) and the clock.
 *
 * <p>Rules: a probe counts only with this controller's tag (unless built to accept untagged ones); an LLDP
 * probe makes or refreshes a {@link LinkType#DIRECT} link (upgrading a broadcast-domain one); a BDDP probe
 * makes or refreshes a {@link LinkType#BROADCAST_DOMAIN} link but never touches a direct link, which only
 * LLDP keeps alive, so a direct link whose cable is pulled times out even if BDDP still finds a way round.
 *
 * <p>Not thread-safe, like the graph it changes.
 *
 * <pre>{@code
 * TopologyGraph graph = new TopologyGraph();
 * LinkDiscovery discovery = new LinkDiscovery(graph, controllerId, 35_000);
 * // every 15 s, for each port p in discovery.probeTargets():
 * //     packetOut(p, codec.encode(discovery.probe(p, portMac, ProbeKind.LLDP, now)));
 * // on a PacketIn of an LLDP frame on dpid/inPort:
 * ProbeResult r = discovery.onProbe(dpid, inPort, codec.decode(data).probe().orElseThrow(), now);
 * r.events();                      // [ADDED 00:..:01/2->00:..:02/1 (DIRECT)] the first time
 * discovery.expire(now);           // links not seen for 35 s, as TIMED_OUT events
 * }</pre>
 */
public final class LinkDiscovery {
    private final TopologyGraph graph;
    private final long controllerId;
    private final long linkTimeoutMillis;
    private final boolean acceptUntagged;

    /** Discovery that counts only probes tagged with {@code controllerId}. */
    public LinkDiscovery(TopologyGraph graph, long controllerId, long linkTimeoutMillis) {
        this(graph, controllerId, linkTimeoutMillis, false);
    }

    /**
     * @param graph the graph to keep up to date
     * @param controllerId this controller instance's id, written in and expected back in probe tags
     * @param linkTimeoutMillis how long a link lives without a probe (a few probe intervals)
     * @param acceptUntagged also count probes without any tag (for switches that strip unknown TLVs)
     */
    public LinkDiscovery(TopologyGraph graph, long controllerId, long linkTimeoutMillis, boolean acceptUntagged) {
        if (linkTimeoutMillis <= 0) {
            throw new IllegalArgumentException("linkTimeoutMillis must be positive, got " + linkTimeoutMillis);
        }
        this.graph = Objects.requireNonNull(graph, "graph");
        this.controllerId = controllerId;
        this.linkTimeoutMillis = linkTimeoutMillis;
        this.acceptUntagged = acceptUntagged;
    }

    /** The graph this discovery changes. */
    public TopologyGraph graph() {
        return graph;
    }

    /** How long a link lives without a probe. */
    public long linkTimeoutMillis() {
        return linkTimeoutMillis;
    }

    /** Every port that is up, in order: where probes go. */
    public List<SwitchPort> probeTargets() {
        List<SwitchPort> targets = new ArrayList<>();
        for (long dpid : graph.switches()) {
            for (int port : graph.upPorts(dpid)) {
                targets.add(new SwitchPort(dpid, port));
            }
        }
        return targets;
    }

    /** The probe to send out of {@code from}, tagged with this controller's id and {@code now}. */
    public LldpProbe probe(SwitchPort from, long srcMac, ProbeKind kind, long now) {
        return LldpProbe.of(kind, srcMac, from.dpid(), from.port(), new ProbeTag(controllerId, now));
    }

    /** Applies a probe received on {@code dpid}/{@code inPort} at {@code now}. */
    public ProbeResult onProbe(long dpid, int inPort, LldpProbe probe, long now) {
        Optional<ProbeTag> tag = probe.tag();
        if (tag.isPresent() ? tag.get().controllerId() != controllerId : !acceptUntagged) {
            return ProbeResult.of(ProbeVerdict.FOREIGN);
        }
        Link link = Link.of(probe.dpid(), probe.port(), dpid, inPort);
        if (!graph.isPortUp(link.src())) {
            return ProbeResult.of(ProbeVerdict.UNKNOWN_SOURCE);
        }
        if (!graph.isPortUp(link.dst())) {
            return ProbeResult.of(ProbeVerdict.UNKNOWN_RECEIVER);
        }
        if (link.src().equals(link.dst())) {
            return ProbeResult.of(ProbeVerdict.LOOPBACK);
        }
        LinkType type = probe.kind() == ProbeKind.LLDP ? LinkType.DIRECT : LinkType.BROADCAST_DOMAIN;
        Optional<LinkRecord> known = graph.link(link);
        if (type == LinkType.BROADCAST_DOMAIN && known.isPresent() && known.get().type() == LinkType.DIRECT) {
            return ProbeResult.of(ProbeVerdict.SUPERSEDED);
        }
        return new ProbeResult(ProbeVerdict.ACCEPTED, graph.putLink(link, type, now));
    }

    /** Removes the links not confirmed for longer than the timeout at {@code now}. */
    public List<LinkEvent> expire(long now) {
        return graph.expireLinks(now, linkTimeoutMillis);
    }
}
