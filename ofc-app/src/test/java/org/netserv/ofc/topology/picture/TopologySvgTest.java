package org.netserv.ofc.topology.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The picture of a triangle of switches (one cable blocked), hosts and sidecars, read back as XML. */
class TopologySvgTest {
    private static final NetworkPicture.Sidecar SC_UP = new NetworkPicture.Sidecar("sc-up", "UP", 1L, 4,
            List.of(new NetworkPicture.Module("alice/netmonitor", "ACTIVE"), new NetworkPicture.Module("bob/keepalive", null)));
    private static final NetworkPicture.Sidecar SC_DRAIN = new NetworkPicture.Sidecar("sc-drain", "DRAINING", 2L, 4,
            List.of(new NetworkPicture.Module("carol/firewall", "INSTALLING")));
    private static final NetworkPicture.Sidecar SC_DOWN = new NetworkPicture.Sidecar("sc-down", "DOWN", 3L, 4, List.of());
    /** Registered but its switch port not found yet. */
    private static final NetworkPicture.Sidecar SC_LOST = new NetworkPicture.Sidecar("sc-lost", "UP", null, null,
            List.of(new NetworkPicture.Module("dave/cache", "ACTIVE")));

    private static NetworkPicture triangle() {
        return new NetworkPicture(
                List.of(new NetworkPicture.Switch(1, "s1"), new NetworkPicture.Switch(2, "s2"),
                        new NetworkPicture.Switch(3, null)),
                List.of(new NetworkPicture.Cable(1, 2, 2, 2, false), new NetworkPicture.Cable(2, 3, 3, 2, false),
                        new NetworkPicture.Cable(1, 3, 3, 3, true)),
                List.of(new NetworkPicture.Host("00:00:00:00:00:01", "10.0.0.1", 1, 1),
                        new NetworkPicture.Host("00:00:00:00:00:02", null, 2, 1),
                        new NetworkPicture.Host("00:00:00:00:00:03", "10.0.0.3", 3, 1),
                        new NetworkPicture.Host("00:00:00:00:00:09", "10.0.0.9", 9, 1)), // on no known switch
                List.of(SC_UP, SC_DRAIN, SC_DOWN, SC_LOST));
    }

    @Test
    void everySwitchHostSidecarAndModuleAppears() throws Exception {
        Document doc = parse(TopologySvg.render(triangle()));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(attributes(doc, "g", "data-dpid")).containsExactlyInAnyOrder(
                "00:00:00:00:00:00:00:01", "00:00:00:00:00:00:00:02", "00:00:00:00:00:00:00:03");
        assertThat(attributes(doc, "g", "data-mac")).containsExactlyInAnyOrder(
                "00:00:00:00:00:01", "00:00:00:00:00:02", "00:00:00:00:00:03", "00:00:00:00:00:09");
        assertThat(attributes(doc, "g", "data-name")).containsExactlyInAnyOrder("sc-up", "sc-drain", "sc-down", "sc-lost");
        assertThat(texts(doc)).contains("s1", "s2", "switch", "00:00:00:00:00:00:00:03", "10.0.0.1", "10.0.0.9",
                "sc-up (UP)", "sc-drain (DRAINING)", "sc-down (DOWN)", "sc-lost (UP)",
                "alice/netmonitor ACTIVE", "bob/keepalive", "carol/firewall INSTALLING", "dave/cache ACTIVE",
                "not attached to a known switch port",
                "3 switches, 3 cables (1 blocked), 4 hosts, 4 sidecars");
        assertThat(TopologySvg.render(triangle())).doesNotContain(TopologySvg.NO_SWITCHES);
    }

    @Test
    void dashedLinesAreExactlyTheBlockedCables() throws Exception {
        Document doc = parse(TopologySvg.render(triangle()));
        List<String> dashed = new ArrayList<>();
        List<String> solid = new ArrayList<>();
        NodeList lines = doc.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            Element group = (Element) line.getParentNode();
            if (group.getAttribute("class").equals("legend")) {
                continue;
            }
            String name = group.getAttribute("class") + " " + group.getAttribute("data-a") + " " + group.getAttribute("data-b");
            (line.hasAttribute("stroke-dasharray") ? dashed : solid).add(name.trim());
        }
        assertThat(dashed).containsExactly("cable blocked 00:00:00:00:00:00:00:01/3 00:00:00:00:00:00:00:03/3");
        assertThat(solid).contains("cable tree 00:00:00:00:00:00:00:01/2 00:00:00:00:00:00:00:02/2",
                "cable tree 00:00:00:00:00:00:00:02/3 00:00:00:00:00:00:00:03/2");
        // Every attachment line is solid: 3 attached sidecars + 3 hosts on known switches.
        assertThat(solid.stream().filter(s -> s.equals("attachment"))).hasSize(6);
    }

    @Test
    void sidecarsAreColouredByState() throws Exception {
        Document doc = parse(TopologySvg.render(triangle()));
        NodeList groups = doc.getElementsByTagName("g");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("sidecar")) {
                String fill = ((Element) g.getElementsByTagName("rect").item(0)).getAttribute("fill");
                assertThat(fill).isEqualTo(TopologySvg.STATE_COLOURS.get(g.getAttribute("data-state")));
                seen.add(g.getAttribute("data-state") + " " + fill);
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("UP #2e7d32", "DRAINING #f9a825", "DOWN #c62828");
    }

    @Test
    void textIsEscaped() throws Exception {
        NetworkPicture p = new NetworkPicture(List.of(new NetworkPicture.Switch(1, "s\"1'")), List.of(), List.of(),
                List.of(new NetworkPicture.Sidecar("sc<1>", "UP", 1L, 2,
                        List.of(new NetworkPicture.Module("eve/<&>", "ACTIVE"),
                                new NetworkPicture.Module("eve/bell\u0007", null)))));
        String svg = TopologySvg.render(p);
        assertThat(svg).contains("eve/&lt;&amp;&gt; ACTIVE", "sc&lt;1&gt;", "s&quot;1&#39;").doesNotContain("<&>");
        Document doc = parse(svg);
        assertThat(texts(doc)).contains("eve/<&> ACTIVE", "sc<1> (UP)", "s\"1'", "eve/bell\uFFFD");
        assertThat(attributes(doc, "g", "data-name")).containsExactly("sc<1>");
    }

    @Test
    void anEmptyNetworkIsAValidPictureThatSaysSo() throws Exception {
        String svg = TopologySvg.render(NetworkPicture.empty());
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(texts(doc)).contains(TopologySvg.NO_SWITCHES, "0 switches, 0 cables (0 blocked), 0 hosts, 0 sidecars");
        String[] box = doc.getDocumentElement().getAttribute("viewBox").split(" ");
        assertThat(Integer.parseInt(box[2])).isPositive();
        assertThat(Integer.parseInt(box[3])).isPositive();
    }

    @Test
    void theSameNetworkGivesTheSamePictureWhateverTheOrder() {
        NetworkPicture p = triangle();
        NetworkPicture shuffled = new NetworkPicture(reversed(p.switches()), reversed(p.cables()), reversed(p.hosts()),
                reversed(p.sidecars()));
        assertThat(TopologySvg.render(shuffled)).isEqualTo(TopologySvg.render(p));
    }

    @Test
    void nothingSitsOnTopOfAnythingElse() {
        List<NetworkPicture.Host> hosts = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            hosts.add(new NetworkPicture.Host(String.format("00:00:00:00:00:%02x", i), null, 1 + i % 2, i));
        }
        NetworkPicture p = new NetworkPicture(List.of(new NetworkPicture.Switch(1, "s1"), new NetworkPicture.Switch(2, "s2")),
                List.of(new NetworkPicture.Cable(1, 10, 2, 10, false)), hosts, List.of(SC_UP));
        PictureLayout layout = new PictureLayout(p);
        Set<String> points = new HashSet<>();
        layout.switches.forEach(s -> points.add(s.x() + "," + s.y()));
        layout.hosts.forEach(s -> points.add(s.x() + "," + s.y()));
        layout.sidecars.forEach(s -> points.add(s.x() + "," + s.y()));
        assertThat(points).hasSize(2 + 8 + 1);
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            out.add(texts.item(i).getTextContent());
        }
        return out;
    }

    static List<String> attributes(Document doc, String tag, String attribute) {
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (((Element) n).hasAttribute(attribute)) {
                out.add(((Element) n).getAttribute(attribute));
            }
        }
        return out;
    }
}
