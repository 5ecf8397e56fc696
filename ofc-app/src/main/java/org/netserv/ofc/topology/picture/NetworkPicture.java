package org.netserv.ofc.topology.picture;

import java.util.List;
import java.util.Objects;

/**
 * What the topology picture shows, as plain values: a snapshot the OFC takes of its topology, host tracker,
 * sidecar pool and steering, then hands to {@link TopologySvg}. Lists may come in any order; the picture
 * sorts them.
 *
 * <pre>{@code
 * NetworkPicture p = new NetworkPicture(
 *         List.of(new NetworkPicture.Switch(1, "s1"), new NetworkPicture.Switch(2, "s2")),
 *         List.of(new NetworkPicture.Cable(1, 2, 2, 2, false)),
 *         List.of(new NetworkPicture.Host("00:00:00:00:00:01", "10.0.0.1", 1, 1)),
 *         List.of(new NetworkPicture.Sidecar("sc1", "UP", 2L, 3, List.of(new NetworkPicture.Module("alice/mon", "ACTIVE")))));
 * String svg = TopologySvg.render(p);
 * }</pre>
 */
public record NetworkPicture(List<Switch> switches, List<Cable> cables, List<Host> hosts, List<Sidecar> sidecars) {

    public NetworkPicture {
        switches = List.copyOf(switches);
        cables = List.copyOf(cables);
        hosts = List.copyOf(hosts);
        sidecars = List.copyOf(sidecars);
    }

    /** Nothing connected. */
    public static NetworkPicture empty() {
        return new NetworkPicture(List.of(), List.of(), List.of(), List.of());
    }

    /**
     * A switch.
     *
     * @param name what operators call it (e.g. the bridge name {@code s1}), or null when unknown
     */
    public record Switch(long dpid, String name) {}

    /**
     * A cable between two switch ports.
     *
     * @param blocked left out of the broadcast tree (it would close a loop): floods do not cross it
     */
    public record Cable(long aDpid, int aPort, long bDpid, int bPort, boolean blocked) {}

    /**
     * A host the OFC has seen.
     *
     * @param ipv4 its address in dotted form, or null when not seen
     */
    public record Host(String mac, String ipv4, long dpid, int port) {
        public Host {
            Objects.requireNonNull(mac, "mac");
        }
    }

    /**
     * A sidecar box.
     *
     * @param state UP, DRAINING or DOWN
     * @param dpid the switch its data interface hangs off, or null while not found yet
     * @param port that switch port, or null
     * @param modules the modules it runs or is being given
     */
    public record Sidecar(String name, String state, Long dpid, Integer port, List<Module> modules) {
        public Sidecar {
            Objects.requireNonNull(name, "name");
            modules = List.copyOf(modules);
        }
    }

    /**
     * A module on a sidecar.
     *
     * @param id {@code user/name}
     * @param state its state there (e.g. ACTIVE), or null when not known
     */
    public record Module(String id, String state) {
        public Module {
            Objects.requireNonNull(id, "id");
        }
    }
}
