package org.netserv.sidecar.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netserv.module.api.Frames;
import org.netserv.module.api.Ipv4;
import org.netserv.sidecar.container.testbundles.ContextProbe;
import org.netserv.sidecar.container.testbundles.SilentActivator;
import org.netserv.sidecar.container.testbundles.ThrowingActivator;
import org.netserv.sidecar.io.FrameHandler;
import org.netserv.signaling.model.FailurePolicy;
import org.netserv.signaling.model.ModelJson;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;

/** A real embedded Felix, real module bundles, frames through the container's handler. */
class ContainerRuntimeTest {
    private static final int A = Ipv4.parse("10.0.0.1");
    private static final int B = Ipv4.parse("10.0.0.2");

    @TempDir
    Path dir;
    private ContainerRuntime runtime;
    private final List<ModuleStatus> events = new CopyOnWriteArrayList<>();
    private final List<String> filters = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        runtime = container(5);
        runtime.start();
    }

    private ContainerRuntime container(int failureLimit) {
        return new ContainerRuntime(new ContainerConfig("acme", dir.resolve("sandbox"), Set.of(8080), Optional.empty(),
                failureLimit), new ContainerListener() {
                    @Override
                    public void moduleChanged(ModuleStatus status) {
                        events.add(status);
                    }

                    @Override
                    public void filterChanged(String pcapExpression) {
                        filters.add(pcapExpression);
                    }
                });
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    static ModuleRequest request(String name, Path bundle, PacketFilter filter, long ttl, Map<String, String> props,
                                 FailurePolicy policy) {
        return new ModuleRequest("acme", name, bundle.toUri().toString(), null, filter, ttl, props, policy);
    }

    static ModuleRequest request(String name, Path bundle) {
        return request(name, bundle, PacketFilter.of(Protocol.UDP, 5060), 600, Map.of(), null);
    }

    /** Runs frames through the container; returns what leaves (forwarded and emitted), in order. */
    private List<byte[]> run(List<ByteBuffer> frames) {
        List<byte[]> out = new ArrayList<>();
        FrameHandler h = runtime.handler();
        for (ByteBuffer f : frames) {
            ByteBuffer slot = ByteBuffer.allocate(2048);
            slot.put(f.duplicate()).flip();
            List<byte[]> emitted = new ArrayList<>();
            int keep = h.onFrame(slot, e -> {
                byte[] b = new byte[e.remaining()];
                e.duplicate().get(b);
                emitted.add(b);
            });
            if (keep >= 0) {
                byte[] b = new byte[keep];
                slot.duplicate().position(0).get(b);
                out.add(b);
            }
            out.addAll(emitted);
        }
        return out;
    }

    private static ByteBuffer udp(int dstPort, String payload) {
        return Frames.udp(0xa, 0xb, A, B, 40000, dstPort, payload.getBytes(StandardCharsets.US_ASCII), -1);
    }

    private static List<ByteBuffer> times(int n, ByteBuffer f) {
        return Stream.generate(() -> f).limit(n).toList();
    }

    private long bundlesInFelix() throws Exception {
        // the system bundle is always there; count what modules left
        return runtime.modules().size();
    }

    @Test
    @SuppressWarnings("unchecked")
    void netMonitorInstallsCountsExactlyAndUninstallsWithoutTrace() throws Exception {
        ModuleStatus s = runtime.install(request("netmonitor", TestBundles.MODULES.resolve("netmonitor.jar")));
        assertThat(s.state()).isEqualTo(ModuleState.ACTIVE);
        assertThat(s.version()).isNotBlank();
        assertThat(filters).last().isEqualTo("(udp and dst port 5060)");

        List<ByteBuffer> in = new ArrayList<>(times(7, udp(5060, "sip")));
        in.addAll(times(3, udp(5061, "not sip")));
        List<byte[]> out = run(in);
        assertThat(out).hasSize(10);
        for (int i = 0; i < 10; i++) {
            byte[] expected = new byte[in.get(i).limit()];
            in.get(i).duplicate().get(expected);
            assertThat(out.get(i)).as("frame %d passes unchanged", i).isEqualTo(expected);
        }
        ModuleStatus after = runtime.modules().get(0);
        assertThat(after.packets()).isEqualTo(7);
        assertThat(after.bytes()).isEqualTo(7L * in.get(0).limit());
        Map<String, Object> tuples = (Map<String, Object>) after.published().get("tuples");
        assertThat(tuples).containsEntry("packets", 7L).containsEntry("distinct", 1);
        assertThat(ModelJson.write(after)).contains("\"state\":\"ACTIVE\"", "\"src\":\"10.0.0.1\"");

        Optional<ModuleStatus> removed = runtime.uninstall("netmonitor", "removed by test");
        assertThat(removed).isPresent();
        assertThat(bundlesInFelix()).isZero();
        assertThat(filters).last().isEqualTo(ContainerRuntime.NOTHING);
        assertThat(events).extracting(ModuleStatus::state).containsExactly(ModuleState.ACTIVE, ModuleState.UNINSTALLED);
        assertThat(events.get(1).reason()).isEqualTo("removed by test");
        assertThat(run(List.of(udp(5060, "x")))).hasSize(1); // no module: passes
        assertThat(runtime.uninstall("netmonitor", "again")).isEmpty();
        try (Stream<Path> left = Files.list(dir.resolve("sandbox/downloads"))) {
            assertThat(left).as("downloads cleaned").isEmpty();
        }
    }

    @Test
    void wrongSha256IsRefusedAndNothingStays() throws Exception {
        Path jar = TestBundles.MODULES.resolve("netmonitor.jar");
        ModuleRequest r = new ModuleRequest("acme", "nm", jar.toUri().toString(), "00".repeat(32),
                PacketFilter.of(Protocol.UDP, 5060), 60L, null, null);
        assertThatThrownBy(() -> runtime.install(r)).isInstanceOf(InstallException.class)
                .hasMessageContaining("SHA-256 mismatch").hasMessageContaining("expected 0000");
        assertThat(bundlesInFelix()).isZero();
        String good = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        ModuleRequest ok = new ModuleRequest("acme", "nm", jar.toUri().toString(), good,
                PacketFilter.of(Protocol.UDP, 5060), 60L, null, null);
        assertThat(runtime.install(ok).state()).isEqualTo(ModuleState.ACTIVE);
    }

    @Test
    void eachBadBundleIsRefusedWithItsReasonAndLeavesNothing() throws Exception {
        Path notJar = Files.write(dir.resolve("junk.jar"), "this is not a zip".getBytes());
        Path plainJar = TestBundles.jar(dir, "plain.jar", Map.of());
        Path unresolved = TestBundles.jar(dir, "unresolved.jar", Map.of("Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "t.unresolved", "Import-Package", "com.nonexistent.stuff"));
        Path throwing = TestBundles.jar(dir, "throwing.jar", withActivator("t.throwing", ThrowingActivator.class),
                ThrowingActivator.class);
        Path silent = TestBundles.jar(dir, "silent.jar", withActivator("t.silent", SilentActivator.class),
                SilentActivator.class);
        Map<Path, String> reasons = new HashMap<>();
        reasons.put(notJar, "is not a jar");
        reasons.put(plainJar, "has no Bundle-SymbolicName");
        reasons.put(unresolved, "unresolved import: package com.nonexistent.stuff");
        reasons.put(throwing, "activator threw java.lang.IllegalStateException: activator exploded on purpose");
        reasons.put(silent, "registered no PacketModule service");
        reasons.put(dir.resolve("missing.jar"), "no such file");
        reasons.put(TestBundles.TEST_MODULES.resolve("chaos.jar"), "module start() threw");
        int i = 0;
        for (Map.Entry<Path, String> e : reasons.entrySet()) {
            Map<String, String> props = e.getKey().toString().endsWith("chaos.jar") ? Map.of("mode", "fail-start") : Map.of();
            ModuleRequest r = request("bad" + i++, e.getKey(), PacketFilter.of(Protocol.UDP, 5060), 60, props, null);
            assertThatThrownBy(() -> runtime.install(r)).as(e.getKey().toString())
                    .isInstanceOf(InstallException.class).hasMessageContaining(e.getValue());
        }
        assertThat(bundlesInFelix()).isZero();
        assertThat(events).isEmpty();
        assertThat(filters).containsOnly(ContainerRuntime.NOTHING);
    }

    @Test
    void stoppedModuleKeepsItsStateButLetsFramesPassUntilStartedAgain() throws Exception {
        runtime.install(request("nm", TestBundles.MODULES.resolve("netmonitor.jar")));
        run(times(3, udp(5060, "a")));
        ModuleStatus stopped = runtime.stop("nm").orElseThrow();
        assertThat(stopped.state()).isEqualTo(ModuleState.STOPPED);
        assertThat(filters).last().isEqualTo(ContainerRuntime.NOTHING);
        assertThat(run(times(4, udp(5060, "b")))).as("frames pass while stopped").hasSize(4);
        assertThat(runtime.modules().get(0).packets()).isEqualTo(3);

        assertThat(runtime.start("nm").orElseThrow().state()).isEqualTo(ModuleState.ACTIVE);
        run(times(2, udp(5060, "c")));
        assertThat(runtime.modules().get(0).packets()).as("counting resumes").isEqualTo(5);
        assertThat(events).extracting(ModuleStatus::state)
                .containsExactly(ModuleState.ACTIVE, ModuleState.STOPPED, ModuleState.ACTIVE);
        assertThat(runtime.stop("zzz")).isEmpty();
    }

    @Test
    void failedModuleCanBeStartedAgain() throws Exception {
        runtime.install(request("chaos", TestBundles.TEST_MODULES.resolve("chaos.jar"), PacketFilter.of(Protocol.UDP, 5060),
                600, Map.of("mode", "throw"), FailurePolicy.FAIL_OPEN));
        run(times(5, udp(5060, "x")));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.modules().get(0).state() == ModuleState.FAILED);
        ModuleStatus again = runtime.start("chaos").orElseThrow();
        assertThat(again.state()).isEqualTo(ModuleState.ACTIVE);
        assertThat(again.reason()).isNull();
    }

    @Test
    void bundlesInstallOverHttpAndHttpErrorsAreReported() throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jar = Files.readAllBytes(TestBundles.MODULES.resolve("netmonitor.jar"));
        http.createContext("/modules/netmonitor.jar", ex -> {
            ex.sendResponseHeaders(200, jar.length);
            ex.getResponseBody().write(jar);
            ex.close();
        });
        http.start();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort();
            ModuleRequest ok = new ModuleRequest("acme", "nm", base + "/modules/netmonitor.jar", null,
                    PacketFilter.of(Protocol.UDP, 5060), 60L, null, null);
            assertThat(runtime.install(ok).state()).isEqualTo(ModuleState.ACTIVE);
            ModuleRequest missing = new ModuleRequest("acme", "gone", base + "/modules/nope.jar", null,
                    PacketFilter.of(Protocol.UDP, 5061), 60L, null, null);
            assertThatThrownBy(() -> runtime.install(missing)).hasMessageContaining("HTTP 404");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void unreachableUrlIsReported() {
        ModuleRequest r = new ModuleRequest("acme", "far", "http://127.0.0.1:1/m.jar", null,
                PacketFilter.of(Protocol.UDP, 1), 60L, null, null);
        assertThatThrownBy(() -> runtime.install(r)).hasMessageContaining("cannot fetch http://127.0.0.1:1/m.jar");
    }

    @Test
    void duplicateNamesAndOtherUsersAreRefused() throws Exception {
        Path jar = TestBundles.MODULES.resolve("netmonitor.jar");
        ModuleStatus first = runtime.install(request("nm", jar, PacketFilter.of(Protocol.UDP, 5060), 60, Map.of(), null));
        assertThatThrownBy(() -> runtime.install(request("nm", jar, PacketFilter.of(Protocol.UDP, 5061), 60, Map.of(), null)))
                .hasMessageContaining("already installed with another request");
        Thread.sleep(20);
        ModuleStatus renewed = runtime.install(request("nm", jar, PacketFilter.of(Protocol.UDP, 5060), 600, Map.of(), null));
        assertThat(renewed.expiresAt()).as("the same module again: its ttl is renewed").isAfter(first.expiresAt());
        assertThat(renewed.installedAt()).isEqualTo(first.installedAt());
        ModuleRequest other = new ModuleRequest("globex", "nm", jar.toUri().toString(), null,
                PacketFilter.of(Protocol.UDP, 1), 60L, null, null);
        assertThatThrownBy(() -> runtime.install(other)).hasMessageContaining("not globex");
        assertThat(runtime.install(request("nm2", jar)).state()).as("same bundle twice under two names")
                .isEqualTo(ModuleState.ACTIVE);
    }

    @Test
    void moduleUninstallsItselfWhenItsTtlExpires() throws Exception {
        runtime.install(request("short", TestBundles.MODULES.resolve("netmonitor.jar"),
                PacketFilter.of(Protocol.UDP, 5060), 1, Map.of(), null));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.modules().isEmpty());
        assertThat(events).last().satisfies(e -> {
            assertThat(e.state()).isEqualTo(ModuleState.UNINSTALLED);
            assertThat(e.reason()).isEqualTo("TTL of 1 s expired");
        });
        assertThat(filters).last().isEqualTo(ContainerRuntime.NOTHING);
    }

    @Test
    void throwingModuleFailsOpenIsCountedAndStoppedAfterTheLimit() throws Exception {
        runtime.install(request("chaos", TestBundles.TEST_MODULES.resolve("chaos.jar"), PacketFilter.of(Protocol.UDP, 5060),
                600, Map.of("mode", "throw"), FailurePolicy.FAIL_OPEN));
        List<byte[]> out = run(times(8, udp(5060, "x")));
        assertThat(out).as("fail-open: every frame passes").hasSize(8);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.modules().get(0).state() == ModuleState.FAILED);
        ModuleStatus s = runtime.modules().get(0);
        assertThat(s.errors()).isEqualTo(5); // stopped at the limit; later frames only follow the policy
        assertThat(s.packets()).isEqualTo(5);
        assertThat(s.reason()).contains("5 errors in a row").contains("throwing on every packet");
        assertThat(events).extracting(ModuleStatus::state).containsExactly(ModuleState.ACTIVE, ModuleState.FAILED);
    }

    @Test
    void failClosedModuleDropsWhatItCannotProcess() throws Exception {
        runtime.install(request("chaos", TestBundles.TEST_MODULES.resolve("chaos.jar"), PacketFilter.of(Protocol.UDP, 5060),
                600, Map.of("mode", "throw"), FailurePolicy.FAIL_CLOSED));
        List<ByteBuffer> in = new ArrayList<>(times(10, udp(5060, "x")));
        in.add(udp(9999, "outside the filter"));
        assertThat(run(in)).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.modules().get(0).state() == ModuleState.FAILED);
        assertThat(run(times(3, udp(5060, "x")))).as("still dropped once failed").isEmpty();
    }

    @Test
    void modulesOnOverlappingFiltersFormAChainInInstallOrder() throws Exception {
        runtime.install(request("monitor", TestBundles.MODULES.resolve("netmonitor.jar")));
        runtime.install(request("keepalive", TestBundles.MODULES.resolve("keepalive.jar")));
        String notify = "NOTIFY sip:s SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:40000;branch=z9hG4bK1\r\n"
                + "From: <sip:a@x>;tag=1\r\nTo: <sip:s>\r\nCall-ID: k1\r\nCSeq: 1 NOTIFY\r\nEvent: keep-alive\r\n"
                + "Content-Length: 0\r\n\r\n";
        List<byte[]> out = run(List.of(udp(5060, notify), udp(5060, "INVITE sip:s SIP/2.0\r\n\r\n")));
        assertThat(out).hasSize(2); // the reply to the keep-alive, and the INVITE passed on
        assertThat(new String(out.get(0), StandardCharsets.US_ASCII)).contains("SIP/2.0 200 OK");
        List<ModuleStatus> mods = runtime.modules();
        assertThat(mods.get(0).name()).isEqualTo("monitor");
        assertThat(mods.get(0).packets()).as("monitor saw both").isEqualTo(2);
        assertThat(mods.get(1).counters()).containsEntry("keepalives-answered", 1L).containsEntry("sip-passed", 1L);
        assertThat(filters).last().isEqualTo("(udp and dst port 5060)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void modulesSeeTheirUsersPortsAndSandbox() throws Exception {
        Map<String, String> h = new HashMap<>(TestBundles.bundle("t.probe"));
        h.put("Bundle-Activator", ContextProbe.class.getName());
        h.put("Import-Package", "org.osgi.framework,org.netserv.module.api");
        Path probe = TestBundles.jar(dir, "probe.jar", h, ContextProbe.class);
        ModuleStatus s = runtime.install(request("probe", probe));
        Map<String, Object> ctx = (Map<String, Object>) s.published().get("context");
        assertThat(ctx).containsEntry("8080", true).containsEntry("9090", false).containsEntry("user", "acme")
                .containsEntry("sandbox", dir.resolve("sandbox").toString());
    }

    private static Map<String, String> withActivator(String bsn, Class<?> activator) {
        Map<String, String> h = new HashMap<>(TestBundles.bundle(bsn));
        h.put("Bundle-Activator", activator.getName());
        h.put("Import-Package", "org.osgi.framework");
        return h;
    }
}
