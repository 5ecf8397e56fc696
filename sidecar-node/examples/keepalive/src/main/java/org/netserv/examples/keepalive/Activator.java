package org.netserv.examples.keepalive;

import org.netserv.module.api.PacketModule;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the KeepAlive responder with the container. */
public final class Activator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        context.registerService(PacketModule.class, new KeepAliveResponder(), null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
