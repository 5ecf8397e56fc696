package org.netserv.ofc.core;

/** The listening socket switches connect to. */
final class OfServer {
    private final OpenFlowCore core;
    private TcpListener listener;

    OfServer(OpenFlowCore core) {
        this.core = core;
    }

    /** Binds the port; throws if it is taken. */
    void start() throws InterruptedException {
        listener = TcpListener.open(core.config().bindAddress(), core.config().port(), 0, new OfChannelInitializer(core));
    }

    int boundPort() {
        return listener.port();
    }

    void stop() {
        if (listener != null) {
            listener.stopAccepting();
        }
        core.registry().disconnectAll();
        if (listener != null) {
            listener.close();
        }
    }
}
