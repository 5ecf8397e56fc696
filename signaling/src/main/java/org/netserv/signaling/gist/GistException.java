package org.netserv.signaling.gist;

/**
 * A datagram that is not a GIST message NetServ can read, with where and why:
 * {@code object Message-Routing-Information at byte 12: ...}. Every decoding error is one of these.
 */
public final class GistException extends Exception {
    private static final long serialVersionUID = 1L;

    public GistException(String message) {
        super(message);
    }
}
