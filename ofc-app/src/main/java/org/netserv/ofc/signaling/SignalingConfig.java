package org.netserv.ofc.signaling;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.regex.Pattern;
import org.netserv.ofc.config.Check;

/** Settings of the NetServ signaling controller (docs/signaling.md). */
public record SignalingConfig(
        @JsonPropertyDescription("first part of every node id: <nodeName>/of:<datapath id>") String nodeName,
        @JsonPropertyDescription("the last node answers when nothing further on answered for this long") Integer lastNodeTimeoutMs,
        @JsonPropertyDescription("signed requests older or newer than this are refused; nonces are remembered this long")
        Integer replayWindowSeconds,
        @JsonPropertyDescription("how long a finished session's response is kept to answer retransmissions") Integer keepSessionsSeconds) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,40}");

    public SignalingConfig {
        nodeName = nodeName == null ? "netserv" : nodeName;
        if (!NAME.matcher(nodeName).matches()) {
            throw new IllegalArgumentException("nodeName '" + nodeName + "' must be 1-41 of A-Z, a-z, 0-9, '.', '_', '-'");
        }
        lastNodeTimeoutMs = Check.range("lastNodeTimeoutMs", lastNodeTimeoutMs, 1500, 50, 60_000);
        replayWindowSeconds = Check.range("replayWindowSeconds", replayWindowSeconds, 60, 1, 3600);
        keepSessionsSeconds = Check.range("keepSessionsSeconds", keepSessionsSeconds, 60, 1, 3600);
    }

    public static SignalingConfig defaults() {
        return new SignalingConfig(null, null, null, null);
    }
}
