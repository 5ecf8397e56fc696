package org.netserv.signaling.security;

import java.util.Objects;
import org.netserv.signaling.nslp.NodeEntry;
import org.netserv.signaling.nslp.NslpStatus;

/**
 * What a security check decided, with the status code and reason a node puts in its response entry:
 * {@code verdict.entry(myNodeId)}.
 *
 * @param kind accepted, a duplicate (a retransmission of a request already handled: do not act again), or
 *     refused
 * @param status the {@link NslpStatus} code that goes with it
 * @param reason why, in words fit for the response
 */
public record Verdict(Kind kind, int status, String reason) {

    /** The three outcomes. */
    public enum Kind { ACCEPTED, DUPLICATE, REFUSED }

    private static final Verdict ACCEPTED = new Verdict(Kind.ACCEPTED, NslpStatus.OK, "OK");

    public Verdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public static Verdict accept() {
        return ACCEPTED;
    }

    public static Verdict refuse(int status, String reason) {
        return new Verdict(Kind.REFUSED, status, reason);
    }

    public static Verdict duplicate(String reason) {
        return new Verdict(Kind.DUPLICATE, NslpStatus.OK, reason);
    }

    public boolean isAccepted() {
        return kind == Kind.ACCEPTED;
    }

    public boolean isDuplicate() {
        return kind == Kind.DUPLICATE;
    }

    public boolean isRefused() {
        return kind == Kind.REFUSED;
    }

    /** This verdict as a node's entry in a response. */
    public NodeEntry entry(String nodeId) {
        return NodeEntry.of(nodeId, status, reason);
    }
}
