package org.netserv.signaling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModuleRequestTest {
    private static final String GOOD = """
            {"user": "acme", "name": "netmonitor", "url": "file:///tmp/netmonitor.jar",
             "filter": {"proto": "udp", "dstPort": 5060}, "ttl": 600, "properties": {"top": "10"}}""";

    @Test
    void aGoodRequestRoundTripsWithDefaults() {
        ModuleRequest r = ModelJson.read(GOOD, ModuleRequest.class);
        assertThat(r.id()).isEqualTo("acme/netmonitor");
        assertThat(r.failurePolicy()).isEqualTo(FailurePolicy.FAIL_OPEN);
        assertThat(r.properties()).containsEntry("top", "10");
        assertThat(ModelJson.read(ModelJson.write(r), ModuleRequest.class)).isEqualTo(r);
        assertThat(ModelJson.write(r)).contains("\"failurePolicy\":\"fail-open\"").doesNotContain("sha256");
    }

    @Test
    void theSameModuleIsEverythingButTheTtl() {
        ModuleRequest r = ModelJson.read(GOOD, ModuleRequest.class);
        assertThat(r.sameModuleAs(ModelJson.read(GOOD.replace("600", "30"), ModuleRequest.class))).isTrue();
        assertThat(r.sameModuleAs(ModelJson.read(GOOD.replace("\"10\"", "\"20\""), ModuleRequest.class))).isFalse();
        assertThat(r.sameModuleAs(ModelJson.read(GOOD.replace("5060", "5061"), ModuleRequest.class))).isFalse();
        assertThat(r.sameModuleAs(ModelJson.read(GOOD.replace("netmonitor.jar", "other.jar"), ModuleRequest.class))).isFalse();
    }

    @Test
    void eachMistakeIsNamed() {
        assertThatThrownBy(() -> ModelJson.read(GOOD.replace("\"ttl\": 600", "\"ttl\": 0"), ModuleRequest.class))
                .hasMessageContaining("ttl must be 1-");
        assertThatThrownBy(() -> ModelJson.read(GOOD.replace("\"acme\"", "\"Acme Corp\""), ModuleRequest.class))
                .hasMessageContaining("user 'Acme Corp' must be");
        assertThatThrownBy(() -> ModelJson.read(GOOD.replace("file:///tmp", "ftp://x"), ModuleRequest.class))
                .hasMessageContaining("url must be http, https or file");
        assertThatThrownBy(() -> ModelJson.read(GOOD.replace("\"ttl\"", "\"sha256\": \"abc\", \"ttl\""),
                ModuleRequest.class)).hasMessageContaining("sha256 must be 64 hex digits");
        assertThatThrownBy(() -> ModelJson.read(GOOD.replace("5060}", "5060, \"port\": 1}"), ModuleRequest.class))
                .hasMessageContaining("unknown field 'filter.port'");
        assertThatThrownBy(() -> ModelJson.read(GOOD.replace("\"ttl\": 600,", "\"ttl\": 600, \"failurePolicy\": \"maybe\","),
                ModuleRequest.class)).hasMessageContaining("failurePolicy must be fail-open or fail-closed");
        assertThatThrownBy(() -> ModelJson.read("", ModuleRequest.class)).hasMessageContaining("body is empty");
        assertThatThrownBy(() -> ModelJson.read("{\"user\":", ModuleRequest.class)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ModelJson.read("[1]", ModuleRequest.class)).hasMessageContaining("expected an object");
        String noFilter = GOOD.replace("\"filter\": {\"proto\": \"udp\", \"dstPort\": 5060}, ", "");
        assertThat(noFilter).doesNotContain("filter");
        assertThatThrownBy(() -> ModelJson.read(noFilter, ModuleRequest.class)).hasMessageContaining("filter is required");
    }
}
