package org.netserv.ofc.topology.picture;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.netserv.topology.Dpid;

/**
 * Draws a {@link NetworkPicture} as one self-contained SVG document (no scripts, fonts or links): switches
 * as boxes, cables between them as lines (solid in the broadcast tree, dashed when blocked), hosts as
 * circles and sidecars as squares coloured by state hanging off their switch port, each sidecar's modules
 * listed under it, and a legend. Every text is XML-escaped. Elements carry {@code class} and {@code data-*}
 * attributes (e.g. {@code <line class="cable blocked" data-a="00:..:01/3" ...>}) for tests and styling, and
 * {@code <title>}s that browsers show on hover.
 */
public final class TopologySvg {
    public static final String CONTENT_TYPE = "image/svg+xml";
    static final String NO_SWITCHES = "no switches connected";

    static final int SWITCH_W = 170;
    static final int SWITCH_H = 40;
    static final int HOST_R = 9;
    static final int SIDECAR_SIZE = 20;
    /** Height of one line of a label under (or over) a host or sidecar. */
    static final int LINE = PictureLayout.MODULE_LINE;
    static final String TREE_COLOUR = "#1565c0";
    static final String BLOCKED_DASH = "8 6";
    /** Sidecar fill by state; anything else is grey. */
    static final Map<String, String> STATE_COLOURS = Map.of("UP", "#2e7d32", "DRAINING", "#f9a825", "DOWN", "#c62828");
    private static final String UNKNOWN_COLOUR = "#757575";

    private final SvgCanvas canvas = new SvgCanvas();
    private final PictureLayout layout;
    private final NetworkPicture picture;

    private TopologySvg(NetworkPicture picture) {
        this.picture = picture;
        this.layout = new PictureLayout(picture);
    }

    /** The picture as an SVG document (UTF-8 text without an XML declaration, so it also inlines into HTML). */
    public static String render(NetworkPicture picture) {
        return new TopologySvg(picture).draw();
    }

    private String draw() {
        canvas.open("g", "class", "cables");
        picture.cables().stream().sorted(Comparator.comparingLong(NetworkPicture.Cable::aDpid)
                .thenComparingInt(NetworkPicture.Cable::aPort).thenComparingLong(NetworkPicture.Cable::bDpid)
                .thenComparingInt(NetworkPicture.Cable::bPort)).forEach(this::cable);
        canvas.close("g");
        canvas.open("g", "class", "attachments");
        layout.sidecars.forEach(c -> attachment(c.item().dpid(), c.item().port(), c.x(), c.y()));
        layout.hosts.forEach(h -> attachment(h.item().dpid(), h.item().port(), h.x(), h.y()));
        canvas.close("g");
        canvas.open("g", "class", "switches");
        layout.switches.forEach(this::switchBox);
        canvas.close("g");
        canvas.open("g", "class", "sidecars");
        layout.sidecars.forEach(this::sidecar);
        canvas.close("g");
        canvas.open("g", "class", "hosts");
        layout.hosts.forEach(this::host);
        canvas.close("g");
        if (layout.switches.isEmpty()) {
            canvas.text(0, 0, NO_SWITCHES, 16, "middle", "note", "#757575");
        }
        if (layout.rowY != 0) {
            canvas.text(0, layout.rowY, "not attached to a known switch port", 12, "middle", "note", "#757575");
        }
        return canvas.document("NetServ OFC: topology", this::legend);
    }

    private void cable(NetworkPicture.Cable c) {
        PictureLayout.Spot<NetworkPicture.Switch> a = layout.byDpid.get(c.aDpid());
        PictureLayout.Spot<NetworkPicture.Switch> b = layout.byDpid.get(c.bDpid());
        if (a == null || b == null) {
            return; // an end on a switch that is gone: nothing to hang it on
        }
        String from = end(c.aDpid(), c.aPort());
        String to = end(c.bDpid(), c.bPort());
        canvas.open("g", "class", "cable " + (c.blocked() ? "blocked" : "tree"), "data-a", from, "data-b", to);
        canvas.title(from + " \u2194 " + to + (c.blocked() ? " (blocked: outside the broadcast tree)" : " (broadcast tree)"));
        canvas.line(a.x(), a.y(), b.x(), b.y(), TREE_COLOUR, c.blocked() ? 2 : 3, c.blocked() ? BLOCKED_DASH : null);
        portLabel(a.x(), a.y(), b.x(), b.y(), c.aPort(), 0.45);
        portLabel(b.x(), b.y(), a.x(), a.y(), c.bPort(), 0.45);
        canvas.close("g");
    }

    /**
     * A port number on the line from a switch at (x0, y0) toward (x1, y1), just outside the switch's box but
     * no further along than {@code maxT} of the line.
     */
    private void portLabel(int x0, int y0, int x1, int y1, int port, double maxT) {
        double len = Math.hypot(x1 - x0, y1 - y0);
        if (len < 1) {
            return;
        }
        double t = Math.min(maxT, 105 / len);
        canvas.haloText((int) Math.round(x0 + t * (x1 - x0)), (int) Math.round(y0 + t * (y1 - y0)) - 4,
                Integer.toUnsignedString(port), 10, "middle", "port", "#424242");
    }

    private void attachment(Long dpid, Integer port, int x, int y) {
        PictureLayout.Spot<NetworkPicture.Switch> s = dpid == null ? null : layout.byDpid.get(dpid);
        if (s == null) {
            return;
        }
        canvas.open("g", "class", "attachment");
        canvas.line(s.x(), s.y(), x, y, "#9e9e9e", 1.5, null);
        if (port != null) {
            portLabel(s.x(), s.y(), x, y, port, 0.75);
        }
        canvas.close("g");
    }

    private void switchBox(PictureLayout.Spot<NetworkPicture.Switch> s) {
        String dpid = Dpid.toString(s.item().dpid());
        String name = s.item().name();
        canvas.open("g", "class", "switch", "data-dpid", dpid);
        canvas.title("switch " + (name == null ? "" : name + " ") + dpid);
        canvas.rect(s.x() - SWITCH_W / 2, s.y() - SWITCH_H / 2, SWITCH_W, SWITCH_H, 6, "#e3f2fd", TREE_COLOUR);
        canvas.text(s.x(), s.y() - 4, name == null || name.isBlank() ? "switch" : name, 13, "middle", "name", "#0d47a1");
        canvas.text(s.x(), s.y() + 12, dpid, 10, "middle", "dpid", "#263238");
        canvas.close("g");
    }

    private void host(PictureLayout.Spot<NetworkPicture.Host> h) {
        NetworkPicture.Host host = h.item();
        canvas.open("g", "class", "host", "data-mac", host.mac());
        canvas.title("host " + host.mac() + (host.ipv4() == null ? "" : " " + host.ipv4()) + " at "
                + end(host.dpid(), host.port()));
        canvas.circle(h.x(), h.y(), HOST_R, "#b0bec5", "#455a64");
        int y = firstLine(h.x(), h.y(), host.dpid(), HOST_R, host.ipv4() == null ? 1 : 2);
        canvas.text(h.x(), y, host.mac(), 11, "middle", "mac", "#263238");
        if (host.ipv4() != null) {
            canvas.text(h.x(), y + LINE, host.ipv4(), 11, "middle", "ipv4", "#263238");
        }
        canvas.close("g");
    }

    private void sidecar(PictureLayout.Spot<NetworkPicture.Sidecar> c) {
        NetworkPicture.Sidecar sc = c.item();
        String state = sc.state() == null ? "?" : sc.state();
        String colour = STATE_COLOURS.getOrDefault(state, UNKNOWN_COLOUR);
        canvas.open("g", "class", "sidecar", "data-name", sc.name(), "data-state", state);
        canvas.title("sidecar " + sc.name() + " " + state + (sc.dpid() == null ? " (switch port not found yet)"
                : " at " + end(sc.dpid(), sc.port() == null ? 0 : sc.port())));
        int half = SIDECAR_SIZE / 2;
        canvas.rect(c.x() - half, c.y() - half, SIDECAR_SIZE, SIDECAR_SIZE, 3, colour, "#212121");
        List<NetworkPicture.Module> modules = sc.modules().stream()
                .sorted(Comparator.comparing(NetworkPicture.Module::id)).toList();
        int y = firstLine(c.x(), c.y(), sc.dpid(), half, 1 + modules.size());
        canvas.text(c.x(), y, sc.name() + " (" + state + ")", 12, "middle", "name", colour);
        for (NetworkPicture.Module m : modules) {
            y += LINE;
            canvas.text(c.x(), y, m.id() + (m.state() == null ? "" : " " + m.state()), 11, "middle", "module",
                    "#37474f");
        }
        canvas.close("g");
    }

    /**
     * The baseline of the first of {@code lines} label lines for a shape of half size {@code half} at (x, y):
     * below it, or above it when it hangs above its switch (so the cable to the switch does not cross the text).
     */
    private int firstLine(int x, int y, Long dpid, int half, int lines) {
        PictureLayout.Spot<NetworkPicture.Switch> s = dpid == null ? null : layout.byDpid.get(dpid);
        boolean above = s != null && y < s.y() - SWITCH_H;
        return above ? y - half - 6 - (lines - 1) * LINE : y + half + 14;
    }

    /** The legend, drawn with its top left corner at (x, y); returns its height. */
    private int legend(int x, int y) {
        long blocked = picture.cables().stream().filter(NetworkPicture.Cable::blocked).count();
        canvas.open("g", "class", "legend");
        canvas.text(x, y + 12, picture.switches().size() + " switches, " + picture.cables().size() + " cables ("
                + blocked + " blocked), " + picture.hosts().size() + " hosts, " + picture.sidecars().size()
                + " sidecars", 12, "start", "summary", "#212121");
        int row = y + 34;
        canvas.line(x, row - 4, x + 30, row - 4, TREE_COLOUR, 3, null);
        canvas.text(x + 40, row, "cable in the broadcast tree", 11, "start", "key", "#212121");
        canvas.line(x + 230, row - 4, x + 260, row - 4, TREE_COLOUR, 2, BLOCKED_DASH);
        canvas.text(x + 270, row, "blocked cable (floods skip it)", 11, "start", "key", "#212121");
        row += 22;
        canvas.rect(x, row - 12, 30, 14, 3, "#e3f2fd", TREE_COLOUR);
        canvas.text(x + 40, row, "switch", 11, "start", "key", "#212121");
        canvas.circle(x + 105, row - 5, 6, "#b0bec5", "#455a64");
        canvas.text(x + 117, row, "host", 11, "start", "key", "#212121");
        int sx = x + 170;
        for (String state : List.of("UP", "DRAINING", "DOWN")) {
            canvas.rect(sx, row - 12, 14, 14, 3, STATE_COLOURS.get(state), "#212121");
            canvas.text(sx + 20, row, "sidecar " + state, 11, "start", "key", "#212121");
            sx += 140;
        }
        canvas.close("g");
        return row - y + 10;
    }

    private static String end(long dpid, int port) {
        return Dpid.toString(dpid) + "/" + Integer.toUnsignedString(port);
    }
}
