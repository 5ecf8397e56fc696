package org.netserv.ofc.rest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.netserv.ofc.config.Check;

/** Settings of the REST API. */
public record RestConfig(
        @JsonPropertyDescription("address the REST API listens on") String bindAddress,
        @JsonPropertyDescription("TCP port of the REST API (0: any free port)") Integer port) {

    public static final int DEFAULT_PORT = 8080;

    public RestConfig {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        port = Check.range("port", port, DEFAULT_PORT, 0, 65535);
    }

    public static RestConfig defaults() {
        return new RestConfig(null, null);
    }

    public RestConfig withPort(int newPort) {
        return new RestConfig(bindAddress, newPort);
    }
}
