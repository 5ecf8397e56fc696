package org.netserv.ofc.core;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.netserv.ofc.config.Check;

/**
 * Settings of the OpenFlow core. Every field may be left out of the config file and takes its default.
 */
public record OpenFlowConfig(
        @JsonPropertyDescription("address to listen on for switches") String bindAddress,
        @JsonPropertyDescription("TCP port for switches (0: any free port)") Integer port,
        @JsonPropertyDescription("send ECHO_REQUEST after this many idle seconds") Integer echoIntervalSeconds,
        @JsonPropertyDescription("disconnect a switch silent this long") Integer deadPeerTimeoutSeconds,
        @JsonPropertyDescription("disconnect a switch whose handshake takes longer") Integer handshakeTimeoutSeconds,
        @JsonPropertyDescription("largest accepted OpenFlow message") Integer maxMessageBytes,
        @JsonPropertyDescription("how long to wait for a switch to answer a request") Integer requestTimeoutSeconds) {

    public static final int DEFAULT_PORT = 6653;

    public OpenFlowConfig {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        port = Check.range("port", port, DEFAULT_PORT, 0, 65535); // 0: any free port
        echoIntervalSeconds = Check.range("echoIntervalSeconds", echoIntervalSeconds, 3, 1, 3600);
        deadPeerTimeoutSeconds = Check.range("deadPeerTimeoutSeconds", deadPeerTimeoutSeconds, 10, 2, 3600);
        handshakeTimeoutSeconds = Check.range("handshakeTimeoutSeconds", handshakeTimeoutSeconds, 15, 1, 3600);
        maxMessageBytes = Check.range("maxMessageBytes", maxMessageBytes, 65535, 64, 65535);
        requestTimeoutSeconds = Check.range("requestTimeoutSeconds", requestTimeoutSeconds, 10, 1, 3600);
        if (deadPeerTimeoutSeconds <= echoIntervalSeconds) {
            throw new IllegalArgumentException("deadPeerTimeoutSeconds (" + deadPeerTimeoutSeconds
                    + ") must be longer than echoIntervalSeconds (" + echoIntervalSeconds + ")");
        }
    }

    public static OpenFlowConfig defaults() {
        return new OpenFlowConfig(null, null, null, null, null, null, null);
    }

    public OpenFlowConfig withPort(int newPort) {
        return new OpenFlowConfig(bindAddress, newPort, echoIntervalSeconds, deadPeerTimeoutSeconds,
                handshakeTimeoutSeconds, maxMessageBytes, requestTimeoutSeconds);
    }
}
