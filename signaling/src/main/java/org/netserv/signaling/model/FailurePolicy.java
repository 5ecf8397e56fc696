package org.netserv.signaling.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happens to a frame when its module fails (throws, or has been stopped for failing). */
public enum FailurePolicy {
    /** Pass the frame on unchanged: the service degrades, the traffic does not. */
    FAIL_OPEN("fail-open"),
    /** Drop the frame: nothing unprocessed gets through (e.g. a firewall module). */
    FAIL_CLOSED("fail-closed");

    private final String text;

    FailurePolicy(String text) {
        this.text = text;
    }

    @JsonCreator
    public static FailurePolicy parse(String s) {
        for (FailurePolicy p : values()) {
            if (p.text.equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("failurePolicy must be fail-open or fail-closed, got '" + s + "'");
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
