package org.netserv.signaling.nslp;

import java.util.regex.Pattern;

/** The lexical rules every NSLP value shares; each check returns a problem in words, or null when fine. */
final class Syntax {
    private Syntax() {}

    /** A module id on a request line, e.g. {@code NetServ.apps.NetMonitor_1.0.0}; case-insensitive. */
    static final Pattern MODULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** The same rule as {@code ModuleRequest.user}. */
    static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:./_-]{0,63}");
    /** Probe keys and the keys of a node's probed information. */
    static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** 8 to 32 random bytes in lower-case hex. */
    static final Pattern NONCE = Pattern.compile("(?:[0-9a-f]{2}){8,32}");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,17}");

    static final int MAX_REASON = 200;
    static final int MAX_VALUE = 2048;

    /** Null if {@code value} is a canonical decimal in [min, max]. */
    static String decimalProblem(String value, long min, long max) {
        if (!DECIMAL.matcher(value).matches()) {
            return "'" + shorten(value) + "' is not a plain decimal number (digits only, no sign or leading zeros)";
        }
        long n = Long.parseLong(value);
        if (n < min || n > max) {
            return "must be " + min + "-" + max + ", got " + n;
        }
        return null;
    }

    static String patternProblem(String what, String value, Pattern p, String rule) {
        return p.matcher(value).matches() ? null : what + " '" + shorten(value) + "' must be " + rule;
    }

    /**
     * Null if {@code s} is text a line may carry: no control characters (the codec has already refused
     * them on the wire; this guards values built in code, so no value can add a line), no surrounding spaces.
     */
    static String textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                return String.format("control character U+%04X is not allowed", (int) c);
            }
        }
        if (!s.equals(s.strip())) {
            return "no spaces are allowed around the value";
        }
        if (s.length() > MAX_VALUE) {
            return "longer than " + MAX_VALUE + " characters";
        }
        return null;
    }

    static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    /** Null if {@code reason} is a fit reason phrase: 1-200 characters of text. */
    static String reasonProblem(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "a reason text is required";
        }
        if (reason.length() > MAX_REASON) {
            return "reason is longer than " + MAX_REASON + " characters";
        }
        return textProblem(reason);
    }

    /** A value quoted in an error message: at most 40 characters. */
    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
