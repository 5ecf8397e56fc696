package org.netserv.ofc.switches;

/** The switch went away before answering. */
public final class SwitchDisconnectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SwitchDisconnectedException(String message) {
        super(message);
    }
}
