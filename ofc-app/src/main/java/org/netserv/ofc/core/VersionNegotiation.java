package org.netserv.ofc.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * OpenFlow version negotiation (OpenFlow 1.3.5 section 6.3.1), free of I/O.
 *
 * <p>If both HELLOs carry a version bitmap, the highest version set in both wins. Otherwise the
 * negotiated version is the smaller of the two header versions, and it must be one we support.
 */
public final class VersionNegotiation {

    /** The outcome: the agreed version, or none; {@link #peerOffer} says what the peer offered, for logs. */
    public record Result(Optional<OFVersion> version, String peerOffer) {}

    private final SortedSet<OFVersion> supported;

    public VersionNegotiation(Set<OFVersion> supported) {
        if (supported.isEmpty()) {
            throw new IllegalArgumentException("at least one OpenFlow version must be supported");
        }
        this.supported = new TreeSet<>(supported);
    }

    public Set<OFVersion> supported() {
        return EnumSet.copyOf(supported);
    }

    public OFVersion highest() {
        return supported.last();
    }

    /** Our HELLO: sent in our highest version, with a bitmap of every version we support. */
    public OFHello ourHello(long xid) {
        OFFactory f = OFFactories.getFactory(highest());
        long bits = 0;
        for (OFVersion v : supported) {
            bits |= 1L << v.getWireVersion();
        }
        OFHelloElem bitmap = f.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(bits))).build();
        return f.buildHello().setXid(xid).setElements(List.of(bitmap)).build();
    }

    /** Negotiates against the peer's HELLO. */
    public Result negotiate(OFHello peer) {
        Optional<Set<OFVersion>> bitmap = bitmapOf(peer);
        if (bitmap.isPresent()) {
            Set<OFVersion> offered = bitmap.get();
            Optional<OFVersion> best = offered.stream().filter(supported::contains).max(Enum::compareTo);
            return new Result(best, "version bitmap " + names(offered));
        }
        OFVersion peerVersion = peer.getVersion();
        OFVersion candidate = peerVersion.compareTo(highest()) < 0 ? peerVersion : highest();
        Optional<OFVersion> agreed = supported.contains(candidate) ? Optional.of(candidate) : Optional.empty();
        return new Result(agreed, "up to " + name(peerVersion) + " (no version bitmap)");
    }

    /** Human name of a version, e.g. {@code 1.3}. */
    public static String name(OFVersion v) {
        return switch (v) {
            case OF_10 -> "1.0";
            case OF_11 -> "1.1";
            case OF_12 -> "1.2";
            case OF_13 -> "1.3";
            case OF_14 -> "1.4";
            case OF_15 -> "1.5";
        };
    }

    public static String names(Set<OFVersion> versions) {
        return versions.isEmpty() ? "(none)"
                : versions.stream().sorted().map(VersionNegotiation::name).collect(Collectors.joining(", "));
    }

    /** The wire version byte as a Loxi version, if Loxi knows it. */
    public static Optional<OFVersion> fromWire(int wire) {
        for (OFVersion v : OFVersion.values()) {
            if (v.getWireVersion() == wire) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static Optional<Set<OFVersion>> bitmapOf(OFHello hello) {
        if (hello.getVersion().compareTo(OFVersion.OF_13) < 0) {
            return Optional.empty(); // HELLO elements exist from 1.3 on
        }
        for (OFHelloElem e : hello.getElements()) {
            if (e instanceof OFHelloElemVersionbitmap bm) {
                Set<OFVersion> offered = EnumSet.noneOf(OFVersion.class);
                List<U32> words = bm.getBitmaps();
                for (int word = 0; word < words.size(); word++) {
                    long bits = words.get(word).getValue();
                    for (int bit = 0; bit < 32; bit++) {
                        if ((bits & (1L << bit)) != 0) {
                            fromWire(word * 32 + bit).ifPresent(offered::add);
                        }
                    }
                }
                return Optional.of(offered);
            }
        }
        return Optional.empty();
    }
}
