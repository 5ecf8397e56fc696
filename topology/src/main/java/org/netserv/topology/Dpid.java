package org.netserv.topology;

import java.util.HexFormat;

/**
 * Datapath ids as text: eight colon-separated hex bytes, as OpenFlow tools print them.
 *
 * <pre>{@code
 * Dpid.toString(0x1L);                        // "00:00:00:00:00:00:00:01"
 * Dpid.parse("00:00:00:00:00:00:00:01");      // 1L
 * Dpid.parse("1");                            // 1L (plain hex is accepted too)
 * }</pre>
 */
public final class Dpid {
    private Dpid() {
    }

    /** The datapath id as eight colon-separated lower-case hex bytes. */
    public static String toString(long dpid) {
        return HexFormat.ofDelimiter(":").formatHex(toBytes(dpid));
    }

    /**
     * Reads a datapath id written as colon-separated hex bytes (exactly eight) or as plain hex (1 to 16
     * digits, optionally with a {@code 0x} prefix).
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static long parse(String text) {
        String s = text.strip();
        if (s.indexOf(':') >= 0) {
            String[] bytes = s.split(":", -1);
            if (bytes.length != 8) {
                throw new IllegalArgumentException("not a datapath id (8 hex bytes): '" + text + "'");
            }
            StringBuilder hex = new StringBuilder(16);
            for (String b : bytes) {
                if (b.length() != 2) {
                    throw new IllegalArgumentException("not a datapath id (8 hex bytes): '" + text + "'");
                }
                hex.append(b);
            }
            s = hex.toString();
        } else if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 16 || !s.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("not a datapath id: '" + text + "'");
        }
        return HexFormat.fromHexDigitsToLong(s);
    }

    static byte[] toBytes(long value) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        return b;
    }
}
