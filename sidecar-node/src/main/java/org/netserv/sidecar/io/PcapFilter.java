package org.netserv.sidecar.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.regex.Pattern;

/**
 * Compiles libpcap filter expressions ({@code udp and dst port 5060}) to classic BPF with libpcap itself,
 * rather than a compiler of our own, and attaches them to raw sockets so the kernel does the sorting.
 *
 * <p><b>VLAN tags.</b> On Linux the kernel removes the outermost 802.1Q/802.1ad tag of every received
 * frame into metadata ({@code __netif_receive_skb_core}, whatever the driver's offload settings) before
 * packet sockets and their filters see it. So a filter runs on the frame <em>without</em> its outer tag:
 * {@code udp and dst port 5060} matches that traffic tagged and untagged alike (checked on veth, tags with
 * TPID 0x8100 and 0x88a8, VID 0 priority tags included). The other side of it: {@code vlan} cannot work
 * here. libpcap only generates the Linux-specific code that reads the tag from metadata for a live capture
 * handle; compiled for a dead one, as here, {@code vlan ...} tests for a tag in the frame bytes, where there
 * never is one, and matches nothing. Such expressions are rejected with that explanation. A second
 * (inner) tag stays in the bytes: the filter then sees EtherType 0x8100 where the IP header would be, and
 * {@code udp ...} does not match a double-tagged frame.
 */
public final class PcapFilter {
    private PcapFilter() {}

    private static final int DLT_EN10MB = 1;
    private static final int SNAPLEN = 65535;
    private static final int NETMASK_UNKNOWN = 0xffffffff;
    private static final int BPF_MAXINSNS = 4096; // the kernel's limit for a socket filter
    private static final Pattern VLAN = Pattern.compile("(?<![-_.A-Za-z0-9])vlan(?![-_.A-Za-z0-9])");

    /** The libpcap functions used; called once per filter change, so JNA's interface mapping is fine. */
    interface Pcap extends Library {
        Pointer pcap_open_dead(int linktype, int snaplen);

        int pcap_compile(Pointer p, Pointer program, String expression, int optimize, int netmask);

        String pcap_geterr(Pointer p);

        void pcap_freecode(Pointer program);

        void pcap_close(Pointer p);
    }

    private static volatile Pcap pcap;

    /** Debian's libpcap0.8 installs no {@code libpcap.so} (that is in -dev), so try the runtime names. */
    private static Pcap pcap() {
        Pcap p = pcap;
        if (p == null) {
            UnsatisfiedLinkError last = null;
            for (String name : new String[] {"libpcap.so.0.8", "libpcap.so.1", "pcap"}) {
                try {
                    p = Native.load(name, Pcap.class);
                    break;
                } catch (UnsatisfiedLinkError e) {
                    last = e;
                }
            }
            if (p == null) {
                throw new IllegalStateException("libpcap is not installed (Debian package libpcap0.8): "
                        + (last == null ? "" : last.getMessage()));
            }
            pcap = p;
        }
        return p;
    }

    /**
     * Compiles an expression for Ethernet frames to classic BPF instructions, 8 bytes each
     * ({@code struct sock_filter}: code, jt, jf, k, in native byte order).
     *
     * @throws IllegalArgumentException with libpcap's explanation if the expression is wrong, or ours if it
     *     cannot work on a packet socket
     */
    public static byte[] compile(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("no filter expression (null)");
        }
        if (VLAN.matcher(expression).find()) {
            throw new IllegalArgumentException("bad filter '" + expression + "': 'vlan' matches nothing on a"
                    + " packet socket, because the kernel removes the VLAN tag before the filter runs; write the"
                    + " filter for the untagged frame (e.g. 'udp and dst port 5060'): it matches tagged frames too");
        }
        Pcap lib = pcap();
        Pointer handle = lib.pcap_open_dead(DLT_EN10MB, SNAPLEN);
        if (handle == null) {
            throw new IllegalStateException("pcap_open_dead failed (out of memory?)");
        }
        try (Memory program = new Memory(16)) { // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
            program.clear();
            synchronized (PcapFilter.class) { // pcap_compile was not thread-safe before libpcap 1.8
                if (lib.pcap_compile(handle, program, expression, 1, NETMASK_UNKNOWN) != 0) {
                    throw new IllegalArgumentException("bad filter '" + expression + "': " + lib.pcap_geterr(handle));
                }
            }
            try {
                int n = program.getInt(0);
                if (n > BPF_MAXINSNS) {
                    throw new IllegalArgumentException("bad filter '" + expression + "': " + n
                            + " BPF instructions, the kernel takes at most " + BPF_MAXINSNS);
                }
                return program.getPointer(8).getByteArray(0, n * 8);
            } finally {
                lib.pcap_freecode(program);
            }
        } finally {
            lib.pcap_close(handle);
        }
    }

    /**
     * Checks an expression without a socket ({@code null}, every frame, is valid).
     *
     * @throws IllegalArgumentException what {@link #compile} says
     */
    public static void validate(String expression) {
        if (expression != null) {
            compile(expression);
        }
    }

    /**
     * Replaces the socket's filter ({@code null} removes it: every frame). The kernel swaps programs
     * atomically: no frame is judged by neither.
     *
     * @throws IllegalArgumentException if the expression does not compile (the old filter stays)
     * @throws LastErrorException if the kernel refuses the program
     */
    static void attach(int fd, String expression) {
        if (expression == null) {
            try (Memory unused = new Memory(4)) {
                unused.setInt(0, 0); // the kernel wants an int-sized option even here
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_DETACH_FILTER, Pointer.nativeValue(unused), 4);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.ENOENT) { // ENOENT: there was no filter to remove
                    throw e;
                }
            }
            return;
        }
        byte[] insns = compile(expression);
        try (Memory code = new Memory(Math.max(8, insns.length)); Memory prog = new Memory(16)) {
            code.write(0, insns, 0, insns.length);
            prog.clear(); // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            prog.setShort(0, (short) (insns.length / 8));
            prog.setPointer(8, code);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, Pointer.nativeValue(prog), 16);
        }
    }
}
