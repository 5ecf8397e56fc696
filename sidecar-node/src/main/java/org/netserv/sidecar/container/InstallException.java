package org.netserv.sidecar.container;

/** A module could not be installed or started; the message is the reason, fit for an API answer. */
public final class InstallException extends Exception {
    private static final long serialVersionUID = 1L;

    public InstallException(String message) {
        super(message);
    }

    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
