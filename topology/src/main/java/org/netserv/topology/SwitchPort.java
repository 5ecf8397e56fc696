package org.netserv.topology;

/**
 * One port of one switch: a link end or a host's attachment point.
 *
 * <p>Datapath ids and port numbers are unsigned on the wire (64 and 32 bits); they are kept in a Java
 * {@code long} and {@code int} and ordered as unsigned numbers, so {@code 0xfffffffe} (OpenFlow's LOCAL
 * port) sorts after port 1, as in a dump.
 *
 * <pre>{@code
 * SwitchPort p = new SwitchPort(0x1L, 3);
 * p.toString();   // "00:00:00:00:00:00:00:01/3"
 * }</pre>
 *
 * @param dpid the switch's datapath id
 * @param port the port number on that switch
 */
public record SwitchPort(long dpid, int port) implements Comparable<SwitchPort> {
    /** Shorthand for {@code new SwitchPort(dpid, port)}. */
    public static SwitchPort of(long dpid, int port) {
        return new SwitchPort(dpid, port);
    }

    @Override
    public int compareTo(SwitchPort o) {
        int c = Long.compareUnsigned(dpid, o.dpid);
        return c != 0 ? c : Integer.compareUnsigned(port, o.port);
    }

    @Override
    public String toString() {
        return Dpid.toString(dpid) + "/" + Integer.toUnsignedString(port);
    }
}
