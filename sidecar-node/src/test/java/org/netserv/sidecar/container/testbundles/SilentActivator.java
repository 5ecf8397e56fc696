package org.netserv.sidecar.container.testbundles;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** An activator that registers nothing, packaged into a test bundle. */
public final class SilentActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {}

    @Override
    public void stop(BundleContext context) {}
}
