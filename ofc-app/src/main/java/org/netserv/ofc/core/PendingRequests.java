package org.netserv.ofc.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.netserv.ofc.switches.OpenFlowErrorException;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;

/**
 * Requests waiting for the switch to answer, by xid: multipart statistics (collected until the last part)
 * and barriers (which fail if the switch rejected any message sent before them). Each wait ends by a
 * reply, an ERROR, the request timeout, or the connection closing.
 */
final class PendingRequests {
    private final Duration timeout;
    private final Map<Long, StatsWait> stats = new ConcurrentHashMap<>();
    private final Map<Long, BarrierWait> barriers = new ConcurrentHashMap<>();
    /** Xid of each confirmed message to the barrier that confirms it. */
    private final Map<Long, BarrierWait> confirming = new ConcurrentHashMap<>();

    PendingRequests(Duration timeout) {
        this.timeout = timeout;
    }

    private static final class StatsWait {
        final CompletableFuture<List<OFStatsReply>> future = new CompletableFuture<>();
        final List<OFStatsReply> parts = new ArrayList<>();
    }

    private static final class BarrierWait {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        final Collection<Long> xids;

        BarrierWait(Collection<Long> xids) {
            this.xids = xids;
        }
    }

    @SuppressWarnings("unchecked")
    <R extends OFStatsReply> CompletableFuture<List<R>> expectStats(long xid) {
        StatsWait w = new StatsWait();
        stats.put(xid, w);
        w.future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, t) -> stats.remove(xid, w));
        return w.future.thenApply(list -> (List<R>) (List<?>) list);
    }

    CompletableFuture<Void> expectBarrier(long barrierXid, Collection<Long> messageXids) {
        BarrierWait w = new BarrierWait(List.copyOf(messageXids));
        barriers.put(barrierXid, w);
        for (Long xid : w.xids) {
            confirming.put(xid, w);
        }
        w.future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, t) -> {
            barriers.remove(barrierXid, w);
            w.xids.forEach(x -> confirming.remove(x, w));
        });
        return w.future;
    }

    /** Takes a reply that belongs to a waiting request; returns false if none waits for it. */
    boolean onReply(OFMessage m) {
        if (m instanceof OFBarrierReply) {
            BarrierWait w = barriers.get(m.getXid());
            if (w == null) {
                return false;
            }
            w.future.complete(null); // no-op if an ERROR already failed it
            return true;
        }
        if (m instanceof OFStatsReply r) {
            StatsWait w = stats.get(r.getXid());
            if (w == null) {
                return false;
            }
            synchronized (w) {
                w.parts.add(r);
                if (!r.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                    w.future.complete(List.copyOf(w.parts));
                }
            }
            return true;
        }
        return false;
    }

    /** Fails the request the error answers, if one waits; returns whether one did. */
    boolean onError(OFErrorMsg e, String description) {
        OpenFlowErrorException ex = new OpenFlowErrorException(description, e);
        StatsWait s = stats.get(e.getXid());
        if (s != null) {
            return s.future.completeExceptionally(ex);
        }
        BarrierWait b = confirming.get(e.getXid());
        if (b != null) {
            return b.future.completeExceptionally(ex);
        }
        return false;
    }

    void failAll(RuntimeException cause) {
        stats.values().forEach(w -> w.future.completeExceptionally(cause));
        barriers.values().forEach(w -> w.future.completeExceptionally(cause));
    }
}
