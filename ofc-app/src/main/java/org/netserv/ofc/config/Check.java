package org.netserv.ofc.config;

/** Defaults and range checks for config records; messages name the key so the operator can fix it. */
public final class Check {
    private Check() {}

    /** {@code value}, or {@code dflt} when absent; fails unless within {@code [min, max]}. */
    public static int range(String key, Integer value, int dflt, int min, int max) {
        int v = value == null ? dflt : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
