package org.netserv.examples.netmonitor;

import org.netserv.module.api.PacketModule;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers NetMonitor with the container; that is all a module bundle has to do. */
public final class Activator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        context.registerService(PacketModule.class, new NetMonitor(), null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
