package org.netserv.examples.netmonitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netserv.module.api.Emitter;
import org.netserv.module.api.Ipv4;
import org.netserv.module.api.ModuleContext;
import org.netserv.module.api.Packet;
import org.netserv.module.api.PacketModule;
import org.netserv.module.api.Verdict;

/**
 * The thesis' NetMonitor: counts the packets it sees per (source IP, destination IP, TTL) and forwards
 * every packet unchanged. The counts are published as {@code tuples}: the most frequent first.
 *
 * <p>Properties: {@code maxTuples} (default 65536) bounds memory; {@code top} (default 50) is how many
 * tuples the admin API shows.
 */
public final class NetMonitor implements PacketModule {
    private TupleCounter counter = new TupleCounter(65536);
    private int top = 50;

    @Override
    public void start(ModuleContext ctx) {
        counter = new TupleCounter(intProperty(ctx, "maxTuples", 65536));
        top = intProperty(ctx, "top", 50);
        ctx.publish("tuples", this::view);
        ctx.log().info("counting per (source, destination, TTL), showing the top " + top);
    }

    @Override
    public Verdict process(Packet p, Emitter out) {
        if (p.isIpv4()) {
            counter.count(p.srcIp(), p.dstIp(), p.ttl());
        }
        return Verdict.FORWARD;
    }

    /** Snapshot for the admin API. */
    Map<String, Object> view() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("packets", counter.total());
        v.put("distinct", counter.size());
        v.put("overflow", counter.overflow());
        List<Map<String, Object>> rows = counter.top(top).stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("src", Ipv4.toString(r.src()));
            row.put("dst", Ipv4.toString(r.dst()));
            row.put("ttl", r.ttl());
            row.put("packets", r.packets());
            return row;
        }).toList();
        v.put("top", rows);
        return v;
    }

    private static int intProperty(ModuleContext ctx, String key, int dflt) {
        String v = ctx.properties().get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " must be a positive integer, got '" + v + "'");
        }
    }
}
