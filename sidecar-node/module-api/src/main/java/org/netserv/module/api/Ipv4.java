package org.netserv.module.api;

/** IPv4 addresses as the {@code int}s {@link Packet} returns. */
public final class Ipv4 {
    private Ipv4() {}

    /** {@code 0x0A000001} to {@code "10.0.0.1"}. */
    public static String toString(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** {@code "10.0.0.1"} to {@code 0x0A000001}. */
    public static int parse(String dotted) {
        String[] parts = dotted.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        }
        int a = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            a = (a << 8) | octet;
        }
        return a;
    }
}
