package org.netserv.signaling.rest;

import java.util.Map;

/** The body of every REST error of the OFC and the sidecars: {@code {status, error, message}}. */
public record ApiError(int status, String error, String message) {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Unprocessable Entity"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    public static ApiError of(int status, String message) {
        return new ApiError(status, REASONS.getOrDefault(status, "Error"), message);
    }
}
