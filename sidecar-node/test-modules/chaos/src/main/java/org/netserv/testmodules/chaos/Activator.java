package org.netserv.testmodules.chaos;

import org.netserv.module.api.PacketModule;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the Chaos module. */
public final class Activator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        context.registerService(PacketModule.class, new Chaos(), null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
