package org.netserv.signaling.nslp;

/**
 * Status codes of responses and node entries, in the manner of HTTP: 2xx the node acted, 4xx the request
 * was refused, 5xx the node failed. Any code 100-599 may travel; these are the ones NetServ nodes use.
 */
public final class NslpStatus {
    private NslpStatus() {}

    /** The node did what was asked (installed, removed, answered the probe, passed the trigger on). */
    public static final int OK = 200;
    /** The message could not be read: the reason is the decoder's error. */
    public static final int BAD_REQUEST = 400;
    /** Unknown user, or the signature does not match the message and the user's key. */
    public static final int UNAUTHORIZED = 401;
    /** The user may not do this here, e.g. a filter outside the user's prefixes or ports. */
    public static final int FORBIDDEN = 403;
    /** REMOVE or PROBE of a module this node does not have. */
    public static final int NOT_FOUND = 404;
    /** A replay: timestamp outside the window, or a nonce already used for another message. */
    public static final int REPLAYED = 409;
    /** The node failed while acting. */
    public static final int INTERNAL_ERROR = 500;
    /** The node cannot act now (no sidecar with room, replay cache full); try later. */
    public static final int UNAVAILABLE = 503;

    /** Whether {@code code} means the node acted. */
    public static boolean isSuccess(int code) {
        return code >= 200 && code < 300;
    }

    /** The usual reason text of a code. */
    public static String reasonOf(int code) {
        return switch (code) {
            case OK -> "OK";
            case BAD_REQUEST -> "bad request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not found";
            case REPLAYED -> "replayed request";
            case INTERNAL_ERROR -> "internal error";
            case UNAVAILABLE -> "unavailable";
            default -> "status " + code;
        };
    }
}
