package org.netserv.sidecar.container;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleException;

/** Turns OSGi exceptions into reasons a module developer can act on. */
final class BundleErrors {
    private BundleErrors() {}

    private static final Pattern MISSING_PACKAGE =
            Pattern.compile("osgi\\.wiring\\.package; \\(&?\\(?osgi\\.wiring\\.package=([^)]+)\\)(.*?)\\]?\\s*(Unresolved|$)");

    static String explain(Exception e) {
        if (e instanceof BundleException be) {
            String msg = String.valueOf(be.getMessage());
            switch (be.getType()) {
                case BundleException.RESOLVE_ERROR -> {
                    Matcher m = MISSING_PACKAGE.matcher(msg);
                    if (m.find()) {
                        return "unresolved import: package " + m.group(1) + " is not available in the container"
                                + " (modules may import org.netserv.module.api 1.x, org.osgi.framework and the JRE)";
                    }
                    return "the bundle does not resolve: " + msg;
                }
                case BundleException.ACTIVATOR_ERROR -> {
                    Throwable cause = be.getCause();
                    return "the bundle's activator threw " + (cause == null ? msg : cause.toString());
                }
                case BundleException.MANIFEST_ERROR -> {
                    return "not a valid OSGi bundle: " + msg;
                }
                default -> {
                    return "the bundle could not be installed: " + msg;
                }
            }
        }
        return "the bundle could not be installed: " + e;
    }
}
