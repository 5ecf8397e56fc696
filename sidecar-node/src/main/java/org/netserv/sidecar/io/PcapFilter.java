package org.netserv.sidecar.io;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Compiles libpcap filter expressions ({@code udp and dst port 5060}) to classic BPF with libpcap itself,
 * rather than a compiler of our own, and attaches them to raw sockets so the kernel does the sorting.
 */
public final class PcapFilter {
    private PcapFilter() {}

    private static final int DLT_EN10MB = 1;
    private static final int SNAPLEN = 65535;
    private static final int NETMASK_UNKNOWN = 0xffffffff;
    private static final int ENOENT = 2;

    /** The libpcap functions used; called rarely, so JNA's interface mapping is fine here. */
    interface Pcap extends Library {
        Pointer pcap_open_dead(int linktype, int snaplen);

        int pcap_compile(Pointer p, Pointer program, String expression, int optimize, int netmask);

        String pcap_geterr(Pointer p);

        void pcap_freecode(Pointer program);

        void pcap_close(Pointer p);
    }

    private static volatile Pcap pcap;

    private static Pcap pcap() {
        Pcap p = pcap;
        if (p == null) {
            UnsatisfiedLinkError last = null;
            for (String name : new String[] {"pcap", "libpcap.so.0.8", "libpcap.so.1"}) {
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
     * Compiles an expression to BPF instructions (8 bytes each: code, jt, jf, k in native order).
     *
     * @throws IllegalArgumentException with libpcap's explanation if the expression is wrong
     */
    public static byte[] compile(String expression) {
        Pcap lib = pcap();
        Pointer handle = lib.pcap_open_dead(DLT_EN10MB, SNAPLEN);
        try (Memory program = new Memory(16)) {
            program.clear();
            synchronized (PcapFilter.class) { // pcap_compile is not thread-safe in older libpcaps
                if (lib.pcap_compile(handle, program, expression, 1, NETMASK_UNKNOWN) != 0) {
                    throw new IllegalArgumentException("bad filter '" + expression + "': " + lib.pcap_geterr(handle));
                }
            }
            try {
                int n = program.getInt(0);
                return program.getPointer(8).getByteArray(0, n * 8);
            } finally {
                lib.pcap_freecode(program);
            }
        } finally {
            lib.pcap_close(handle);
        }
    }

    /** Checks an expression without a socket. */
    public static void validate(String expression) {
        compile(expression);
    }

    /** Replaces the socket's filter ({@code null} removes it: every frame). */
    static void attach(int fd, String expression) {
        if (expression == null) {
            try (Memory unused = new Memory(4)) {
                unused.setInt(0, 0); // the kernel wants an int-sized option even here
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_DETACH_FILTER, Pointer.nativeValue(unused), 4);
            } catch (com.sun.jna.LastErrorException e) {
                if (e.getErrorCode() != ENOENT) { // ENOENT: there was no filter to remove
                    throw e;
                }
            }
            return;
        }
        byte[] insns = compile(expression);
        try (Memory code = new Memory(insns.length); Memory prog = new Memory(16)) {
            code.write(0, insns, 0, insns.length);
            prog.clear();
            prog.setShort(0, (short) (insns.length / 8));
            prog.setPointer(8, code);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, Pointer.nativeValue(prog), 16);
        }
    }
}
