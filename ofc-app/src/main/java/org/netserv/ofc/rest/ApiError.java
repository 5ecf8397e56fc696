package org.netserv.ofc.rest;

import org.eclipse.jetty.http.HttpStatus;

/** The body of every REST error. */
public record ApiError(int status, String error, String message) {
    public static ApiError of(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        return new ApiError(status, reason == null ? "Error" : reason, message);
    }
}
