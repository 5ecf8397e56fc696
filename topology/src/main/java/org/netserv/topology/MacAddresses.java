package org.netserv.topology;

import java.util.HexFormat;

/**
 * MAC addresses as the 48 low bits of a {@code long} (Loxi's {@code MacAddress.getLong()} gives the same
 * number), and as text.
 *
 * <pre>{@code
 * MacAddresses.parse("0a:00:00:00:00:01");   // 0x0a0000000001L
 * MacAddresses.toString(0x0a0000000001L);    // "0a:00:00:00:00:01"
 * MacAddresses.isUnicast(0xffffffffffffL);   // false
 * }</pre>
 */
public final class MacAddresses {
    /** The largest MAC address, also the broadcast address. */
    public static final long BROADCAST = 0xffffffffffffL;
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    private MacAddresses() {
    }

    /** Six colon-separated lower-case hex bytes. */
    public static String toString(long mac) {
        return COLONS.formatHex(Dpid.toBytes(mac), 2, 8);
    }

    /**
     * Reads six colon-separated hex bytes.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static long parse(String text) {
        String[] bytes = text.strip().split(":", -1);
        if (bytes.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        long mac = 0;
        for (String b : bytes) {
            if (b.length() != 2 || !HexFormat.isHexDigit(b.charAt(0)) || !HexFormat.isHexDigit(b.charAt(1))) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            mac = mac << 8 | HexFormat.fromHexDigits(b);
        }
        return mac;
    }

    /** True for an address one host may own: in range, not zero and without the group (multicast) bit. */
    public static boolean isUnicast(long mac) {
        return mac > 0 && mac <= BROADCAST && (mac & 0x010000000000L) == 0;
    }
}
