/**
 * The NetServ module API: what a content provider's module is written against.
 *
 * <p>A <em>packet-processing module</em> implements {@link org.netserv.module.api.PacketModule}: it sees
 * every frame that matches its packet filter (set when the module is installed, e.g. UDP to port 5060)
 * with its L2-L4 headers already parsed, and returns a {@link org.netserv.module.api.Verdict}. It may
 * change the frame in place before forwarding it, or emit new frames (a responder answering on behalf of
 * a server). A <em>server module</em> simply opens sockets as any Java program does; one module may be
 * both.
 *
 * <p>A module is an OSGi bundle that registers its {@code PacketModule} as a service, usually from its
 * {@code BundleActivator}:
 *
 * <pre>{@code
 * public final class Activator implements BundleActivator {
 *     public void start(BundleContext bc) {
 *         bc.registerService(PacketModule.class, new TtlCounter(), null);
 *     }
 *     public void stop(BundleContext bc) {}
 * }
 *
 * final class TtlCounter implements PacketModule {
 *     private Counter low;
 *
 *     public void start(ModuleContext ctx) {
 *         low = ctx.counter("ttl-below-10");
 *     }
 *
 *     public Verdict process(Packet p, Emitter out) {
 *         if (p.isIpv4() && p.ttl() < 10) {
 *             low.increment();
 *         }
 *         return Verdict.FORWARD;
 *     }
 * }
 * }</pre>
 *
 * <p>The container exports this package (version 1.0) from its system bundle; a module imports it and
 * must never embed it. See {@code docs/module-developer-guide.md}.
 */
@Export
@Version("1.0.0")
package org.netserv.module.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
