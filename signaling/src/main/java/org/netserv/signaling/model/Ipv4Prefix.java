package org.netserv.signaling.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An IPv4 prefix such as {@code 192.0.2.0/24}; a bare address means {@code /32}. Host bits must be zero,
 * so a typo like {@code 10.0.0.1/8} is refused rather than silently widened.
 */
public record Ipv4Prefix(int address, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0-32, got " + length);
        }
        if ((address & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits are set in " + text(address) + "/" + length
                    + "; did you mean " + text(address & mask(length)) + "/" + length + "?");
        }
    }

    @JsonCreator
    public static Ipv4Prefix parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        int len = 32;
        String addr = t;
        if (slash >= 0) {
            addr = t.substring(0, slash);
            try {
                len = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 prefix: '" + text + "'");
            }
        }
        return new Ipv4Prefix(parseAddress(addr, text), len);
    }

    static int parseAddress(String dotted, String whole) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 prefix: '" + whole + "'");
        }
        int a = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 prefix: '" + whole + "'");
            }
            if (octet < 0 || octet > 255 || p.isEmpty()) {
                throw new IllegalArgumentException("not an IPv4 prefix: '" + whole + "'");
            }
            a = (a << 8) | octet;
        }
        return a;
    }

    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public boolean contains(int ip) {
        return (ip & mask(length)) == address;
    }

    /** Whether the two prefixes share any address (one contains the other). */
    public boolean overlaps(Ipv4Prefix other) {
        int shorter = Math.min(length, other.length);
        return (address & mask(shorter)) == (other.address & mask(shorter));
    }

    /** Whether every address of {@code other} is in this prefix. */
    public boolean covers(Ipv4Prefix other) {
        return other.length >= length && contains(other.address);
    }

    static String text(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    @JsonValue
    @Override
    public String toString() {
        return text(address) + "/" + length;
    }
}
