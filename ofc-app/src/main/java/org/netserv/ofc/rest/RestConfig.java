package org.netserv.ofc.rest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.netserv.ofc.config.Check;

/**
 * Settings of the REST API. It listens on the loopback address unless told otherwise; on any other
 * address its mutating calls (POST, PUT, DELETE) need {@code Authorization: Bearer <token>}, so a token
 * is then required.
 */
public record RestConfig(
        @JsonPropertyDescription("address the REST API listens on") String bindAddress,
        @JsonPropertyDescription("TCP port of the REST API (0: any free port)") Integer port,
        @JsonPropertyDescription("bearer token mutating calls must carry (required unless bound to loopback)")
        String token) {

    public static final int DEFAULT_PORT = 8080;
    static final int MIN_TOKEN_LENGTH = 16;

    public RestConfig {
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        port = Check.range("port", port, DEFAULT_PORT, 0, 65535);
        token = token == null || token.isBlank() ? null : token;
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("token must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (token == null && !isLoopback(bindAddress)) {
            throw new IllegalArgumentException("bindAddress " + bindAddress + " is reachable from the network: set "
                    + "rest.token as well (POST, PUT and DELETE then need 'Authorization: Bearer <token>')");
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress '" + address + "' is not an address of this host");
        }
    }

    public static RestConfig defaults() {
        return new RestConfig(null, null, null);
    }

    public RestConfig withPort(int newPort) {
        return new RestConfig(bindAddress, newPort, token);
    }
}
