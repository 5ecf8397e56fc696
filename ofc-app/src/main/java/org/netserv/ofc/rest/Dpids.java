package org.netserv.ofc.rest;

import org.netserv.signaling.rest.ApiException;
import org.projectfloodlight.openflow.types.DatapathId;

/** Reads datapath ids as operators write them, the same way on every REST route. */
public final class Dpids {
    private Dpids() {}

    /** Accepts {@code 00:00:00:00:00:00:00:01}, {@code 0x1} or {@code 1}. */
    public static DatapathId parse(String text) {
        String t = text.trim();
        try {
            if (t.contains(":")) {
                return DatapathId.of(t);
            }
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return DatapathId.of(Long.parseUnsignedLong(t.substring(2), 16));
            }
            return DatapathId.of(Long.parseUnsignedLong(t));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'" + text + "' is not a datapath id; write it as "
                    + "00:00:00:00:00:00:00:01, 0x1 or 1");
        }
    }
}
