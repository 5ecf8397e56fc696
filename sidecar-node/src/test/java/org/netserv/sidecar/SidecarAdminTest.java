package org.netserv.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netserv.sidecar.agent.SidecarConfig;

/**
 * The whole sidecar through its admin API, with real container processes (one JVM per user) but no data
 * interface: lifecycle, isolation of users into processes, refusals, a container's death.
 */
class SidecarAdminTest {
    private static final Path NETMONITOR = Path.of("target/modules/netmonitor.jar").toAbsolutePath();
    private static final Path KEEPALIVE = Path.of("target/modules/keepalive.jar").toAbsolutePath();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private Sidecar sidecar;

    @BeforeEach
    void start() throws Exception {
        SidecarConfig cfg = new SidecarConfig(null, null, new SidecarConfig.Containers(48, null, null, null, null,
                false, Map.of("acme", new SidecarConfig.UserLimits(null, 512, null),
                        "globex", new SidecarConfig.UserLimits(null, null, null))));
        sidecar = new Sidecar(new Sidecar.Settings("sc9", "none", "127.0.0.1", 0, Optional.empty(), dir, cfg)).start();
    }

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup/cpu/netserv-sc9");

    @AfterEach
    void stop() {
        sidecar.close();
        assertThat(java.nio.file.Files.exists(CGROUPS)).as("the sidecar's cgroup is removed").isFalse();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.adminPort() + "/api/v1" + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String module(String user, String name, Path jar, int port) {
        return "{\"user\":\"" + user + "\",\"name\":\"" + name + "\",\"url\":\"" + jar.toUri()
                + "\",\"filter\":{\"proto\":\"udp\",\"dstPort\":" + port + "},\"ttl\":600}";
    }

    private JsonNode body(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }

    private long containerPid(String user) throws Exception {
        JsonNode c = body(call("GET", "/health", null), 200).get("containers");
        return c.has(user) ? c.get(user).asLong() : -1;
    }

    @Test
    void eachUserGetsAContainerProcessThatLivesAsLongAsItsModules() throws Exception {
        JsonNode nm = body(call("POST", "/modules", module("acme", "nm", NETMONITOR, 5060)), 201);
        assertThat(nm.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(nm.get("filter").get("dstPort").asInt()).isEqualTo(5060);
        body(call("POST", "/modules", module("acme", "ka", KEEPALIVE, 5060)), 201); // same user: a chain
        body(call("POST", "/modules", module("globex", "nm", NETMONITOR, 53)), 201);
        long acme = containerPid("acme");
        long globex = containerPid("globex");
        assertThat(acme).isPositive();
        assertThat(globex).isPositive().isNotEqualTo(acme);
        assertThat(ProcessHandle.of(acme)).isPresent();
        assertLimits(acme, "acme", 512);
        assertLimits(globex, "globex", 1024);

        JsonNode all = body(call("GET", "/modules", null), 200).get("modules");
        assertThat(all.findValuesAsText("name")).containsExactly("ka", "nm", "nm");
        assertThat(body(call("GET", "/modules/globex/nm", null), 200).get("user").asText()).isEqualTo("globex");

        assertThat(body(call("POST", "/modules/acme/nm/stop", null), 200).get("state").asText()).isEqualTo("STOPPED");
        assertThat(body(call("GET", "/modules/acme/nm", null), 200).get("state").asText()).isEqualTo("STOPPED");
        assertThat(body(call("POST", "/modules/acme/nm/start", null), 200).get("state").asText()).isEqualTo("ACTIVE");
        body(call("POST", "/modules/acme/zzz/stop", null), 404);

        body(call("DELETE", "/modules/acme/nm", null), 200);
        assertThat(containerPid("acme")).as("acme still has ka").isEqualTo(acme);
        body(call("DELETE", "/modules/acme/ka", null), 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> containerPid("acme") < 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(acme).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> !java.nio.file.Files.exists(CGROUPS.resolve("acme")));
        assertThat(containerPid("globex")).isEqualTo(globex);
    }

    /** The container runs with the configured heap and sandbox, and in its cgroup where cgroups are writable. */
    private void assertLimits(long pid, String user, int shares) throws Exception {
        String cmdline = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        assertThat(cmdline).contains("-Xmx48m", "--sandbox " + dir.resolve(user), "--user " + user);
        Path v1 = Path.of("/sys/fs/cgroup/cpu/netserv-sc9", user);
        if (java.nio.file.Files.isDirectory(v1)) {
            assertThat(java.nio.file.Files.readString(v1.resolve("cpu.shares")).trim()).isEqualTo(Integer.toString(shares));
            assertThat(java.nio.file.Files.readString(v1.resolve("cgroup.procs"))).contains(Long.toString(pid));
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirReasonAndLeaveNothing() throws Exception {
        assertThat(body(call("POST", "/modules", "{\"user\":\"acme\"}"), 400).get("message").asText())
                .contains("name is required");
        assertThat(body(call("POST", "/modules", module("acme", "nm", NETMONITOR, 99999)), 400).get("message").asText())
                .contains("dstPort must be 1-65535");
        assertThat(body(call("POST", "/modules", module("mallory", "nm", NETMONITOR, 1)), 403).get("message").asText())
                .contains("user mallory may not run modules on this sidecar");
        assertThat(body(call("POST", "/modules", module("acme", "nm", dir.resolve("nope.jar"), 1)), 422)
                .get("message").asText()).contains("no such file");
        assertThat(body(call("GET", "/modules", null), 200).get("modules")).isEmpty();

        body(call("POST", "/modules", module("acme", "nm", NETMONITOR, 5060)), 201);
        assertThat(body(call("POST", "/modules", module("acme", "nm", NETMONITOR, 5061)), 409).get("message").asText())
                .contains("already installed with another request");
        assertThat(body(call("POST", "/modules", module("acme", "nm", NETMONITOR, 5060)), 201).get("state").asText())
                .as("the very same request renews the ttl").isEqualTo("ACTIVE");
        assertThat(body(call("POST", "/modules", module("globex", "x", NETMONITOR, 5060)), 409).get("message").asText())
                .contains("overlaps module acme/nm");
        assertThat(body(call("DELETE", "/modules/acme/zzz", null), 404).get("message").asText())
                .contains("no module acme/zzz");
        assertThat(body(call("GET", "/nothing", null), 404).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aContainerThatDiesLeavesItsModulesFailedWithTheReason() throws Exception {
        body(call("POST", "/modules", module("acme", "nm", NETMONITOR, 5060)), 201);
        long pid = containerPid("acme");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(
                body(call("GET", "/modules/acme/nm", null), 200).get("state").asText()));
        JsonNode nm = body(call("GET", "/modules/acme/nm", null), 200);
        assertThat(nm.get("reason").asText()).contains("container exited (code 137)");
        assertThat(containerPid("acme")).isNegative();
        body(call("DELETE", "/modules/acme/nm", null), 200);
        assertThat(body(call("GET", "/modules", null), 200).get("modules")).isEmpty();
        body(call("POST", "/modules", module("acme", "nm", NETMONITOR, 5060)), 201); // a fresh container
        assertThat(containerPid("acme")).isPositive().isNotEqualTo(pid);
    }
}
