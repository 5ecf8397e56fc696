package org.netserv.ofc.module;

/** A module could not be wired, initialised or started; the message says which and why. */
public final class ModuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModuleException(String message) {
        super(message);
    }

    public ModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
