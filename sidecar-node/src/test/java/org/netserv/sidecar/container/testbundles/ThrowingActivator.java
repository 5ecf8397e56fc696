package org.netserv.sidecar.container.testbundles;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** An activator that fails, packaged into a test bundle. */
public final class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("activator exploded on purpose");
    }

    @Override
    public void stop(BundleContext context) {}
}
