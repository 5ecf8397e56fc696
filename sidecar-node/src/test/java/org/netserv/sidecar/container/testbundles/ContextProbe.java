package org.netserv.sidecar.container.testbundles;

import java.util.Map;
import org.netserv.module.api.Emitter;
import org.netserv.module.api.ModuleContext;
import org.netserv.module.api.Packet;
import org.netserv.module.api.PacketModule;
import org.netserv.module.api.Verdict;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A test module that publishes what its context tells it: ports it may listen on, its sandbox. */
public final class ContextProbe implements PacketModule, BundleActivator {
    @Override
    public void start(BundleContext bc) {
        bc.registerService(PacketModule.class, new ContextProbe(), null);
    }

    @Override
    public void stop(BundleContext bc) {}

    @Override
    public void start(ModuleContext ctx) {
        ctx.publish("context", () -> Map.of("8080", ctx.mayListenOn(8080), "9090", ctx.mayListenOn(9090),
                "sandbox", ctx.sandbox().toString(), "user", ctx.user()));
    }

    @Override
    public Verdict process(Packet packet, Emitter out) {
        return Verdict.FORWARD;
    }
}
