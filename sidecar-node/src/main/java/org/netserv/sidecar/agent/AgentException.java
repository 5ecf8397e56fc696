package org.netserv.sidecar.agent;

/** A request the agent refuses; {@link #status()} is the HTTP status that fits, the message the reason. */
public final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public AgentException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static AgentException forbidden(String m) {
        return new AgentException(403, m);
    }

    static AgentException notFound(String m) {
        return new AgentException(404, m);
    }

    static AgentException conflict(String m) {
        return new AgentException(409, m);
    }

    /** The request was well formed but the module could not be installed (fetch, bundle, start). */
    static AgentException unprocessable(String m) {
        return new AgentException(422, m);
    }

    static AgentException unavailable(String m) {
        return new AgentException(503, m);
    }
}
