package org.netserv.signaling.gist;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A GIST Data message as NetServ uses it (RFC 5971 datagram mode): common header, Message Routing
 * Information, Session ID, the private route record, and the NSLP message.
 *
 * <pre>{@code
 * GistMessage req = GistMessage.request(Mri.downstream(me, user), SessionId.random(),
 *         RouteRecord.origin(new RouteHop(me, mySocketPort, "netserv-signal")), NslpCodec.encode(setup));
 * // a node that acted passes it on, one GIST hop used, itself recorded:
 * GistMessage next = req.forwardedBy(new RouteHop(nodeAddress, GistCodec.PORT, nodeId));
 * // the last node answers along the same route:
 * GistMessage answer = next.response(NslpCodec.encode(response));
 * }</pre>
 *
 * @param hops GIST hops left, 1-255: each node passing the message on takes one
 * @param queryMode Q-mode encapsulation: the magic number and the C flag, so that the next NetServ node on
 *     the path intercepts it (requests); false for responses
 * @param sameSource the S flag: the IP source is the signaling source
 * @param replyRequested the R flag
 * @param mri the flow whose path is followed
 * @param session the session the message belongs to
 * @param route where the request has been
 * @param nslpData the NSLP message, 1 to {@link GistCodec#MAX_NSLP_BYTES} bytes, not ending in a zero byte
 *     (GIST pads it with zeros)
 */
public record GistMessage(int hops, boolean queryMode, boolean sameSource, boolean replyRequested, Mri mri,
                          SessionId session, RouteRecord route, byte[] nslpData) {
    /** The hop count a new message starts with. */
    public static final int DEFAULT_HOPS = 16;

    public GistMessage {
        if (hops < 1 || hops > 255) {
            throw new IllegalArgumentException("GIST hops is 1-255, got " + hops);
        }
        Objects.requireNonNull(mri, "mri");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(nslpData, "nslpData");
        if (nslpData.length == 0 || nslpData.length > GistCodec.MAX_NSLP_BYTES) {
            throw new IllegalArgumentException("NSLP data is 1-" + GistCodec.MAX_NSLP_BYTES + " bytes, got " + nslpData.length);
        }
        if (nslpData[nslpData.length - 1] == 0) {
            throw new IllegalArgumentException("NSLP data must not end in a zero byte (GIST pads with zeros)");
        }
        nslpData = nslpData.clone();
    }

    /** A new request: Q-mode, {@link #DEFAULT_HOPS}, S flag set. */
    public static GistMessage request(Mri mri, SessionId session, RouteRecord route, byte[] nslpData) {
        return new GistMessage(DEFAULT_HOPS, true, true, false, mri, session, route, nslpData);
    }

    /** The NSLP message (a copy). */
    @Override
    public byte[] nslpData() {
        return nslpData.clone();
    }

    /** Whether a node may pass this message on (a hop is left after its own). */
    public boolean canForward() {
        return hops > 1;
    }

    /**
     * This message as {@code node} passes it on: one hop fewer, {@code node} appended to the route.
     *
     * @throws IllegalStateException if no hop is left ({@link #canForward()} is false): drop the message
     */
    public GistMessage forwardedBy(RouteHop node) {
        if (!canForward()) {
            throw new IllegalStateException("GIST hop count exhausted");
        }
        return new GistMessage(hops - 1, queryMode, sameSource, replyRequested, mri, session, route.with(node), nslpData);
    }

    /** The answer to this message: same session and route, the MRI's direction flipped, not Q-mode. */
    public GistMessage response(byte[] responseNslpData) {
        return new GistMessage(DEFAULT_HOPS, false, false, false, mri.reversed(), session, route, responseNslpData);
    }

    /** This message with other NSLP data (e.g. a response with one more node entry). */
    public GistMessage withNslpData(byte[] data) {
        return new GistMessage(hops, queryMode, sameSource, replyRequested, mri, session, route, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GistMessage m && hops == m.hops && queryMode == m.queryMode && sameSource == m.sameSource
                && replyRequested == m.replyRequested && mri.equals(m.mri) && session.equals(m.session)
                && route.equals(m.route) && Arrays.equals(nslpData, m.nslpData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hops, queryMode, sameSource, replyRequested, mri, session, route) * 31
                + Arrays.hashCode(nslpData);
    }

    @Override
    public String toString() {
        return "GistMessage[hops=" + hops + ", queryMode=" + queryMode + ", sameSource=" + sameSource
                + ", replyRequested=" + replyRequested + ", mri=" + mri + ", session=" + session + ", route=" + route
                + ", nslpData=" + nslpData.length + " bytes " + HexFormat.of().formatHex(nslpData, 0,
                Math.min(16, nslpData.length)) + "]";
    }
}
