package org.netserv.sidecar.container;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Apache Felix framework, the standard way: found through {@link ServiceLoader}, its bundle
 * cache in the container's sandbox (wiped on first start), and only the versioned module-API package
 * exported from the host on top of the JRE, so module bundles import it and never carry their own copy.
 */
final class FelixHost {
    private static final Logger log = LoggerFactory.getLogger(FelixHost.class);

    /** The module API package as the system bundle exports it. */
    static final String API_EXPORT = "org.netserv.module.api;version=1.0.0";

    private final Framework framework;

    FelixHost(Path cacheDir) {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, cacheDir.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, API_EXPORT);
        // The same bundle may run as several modules (e.g. two NetMonitors with different filters).
        config.put(Constants.FRAMEWORK_BSNVERSION, Constants.FRAMEWORK_BSNVERSION_MULTIPLE);
        config.put("felix.log.logger", new FelixLog());
        config.put("felix.log.level", "2");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        framework = factory.newFramework(toStringKeys(config));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> toStringKeys(Map<String, Object> config) {
        return (Map) config; // Felix accepts objects (the logger) in its configuration map
    }

    void start() throws BundleException {
        framework.init();
        framework.start();
        log.debug("Felix started, exporting {}", API_EXPORT);
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Releases the wiring of uninstalled bundles so their classes can be collected. */
    void refresh() {
        framework.adapt(FrameworkWiring.class).refreshBundles(null);
    }

    void stop() {
        try {
            framework.stop();
            FrameworkEvent e = framework.waitForStop(10_000);
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.warn("Felix did not stop within 10 s");
            }
        } catch (BundleException e) {
            log.warn("Felix failed to stop: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Routes Felix's own messages to our log instead of standard output. */
    static final class FelixLog extends org.apache.felix.framework.Logger {
        private static final Logger felix = LoggerFactory.getLogger("felix");

        @Override
        protected void doLog(int level, String msg, Throwable throwable) {
            switch (level) {
                case LOG_ERROR -> felix.error(msg, throwable);
                case LOG_WARNING -> felix.warn(msg, throwable);
                case LOG_INFO -> felix.info(msg, throwable);
                default -> felix.debug(msg, throwable);
            }
        }
    }
}
