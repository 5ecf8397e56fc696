package org.netserv.ofc.topology.picture;

import java.util.function.IntBinaryOperator;

/**
 * Writes SVG elements and keeps the box they cover, so that the document's {@code viewBox} fits them.
 * Attribute values and texts are escaped here, once; text widths are estimated (no fonts are measured).
 */
final class SvgCanvas {
    private static final int PADDING = 20;
    /** Room kept above the drawing for the legend. */
    private static final int LEGEND_ROOM = 90;

    private final StringBuilder body = new StringBuilder();
    private int minX = Integer.MAX_VALUE;
    private int minY = Integer.MAX_VALUE;
    private int maxX = Integer.MIN_VALUE;
    private int maxY = Integer.MIN_VALUE;

    /** Opens an element with attributes given as name, value, name, value... */
    void open(String tag, String... attributes) {
        body.append('<').append(tag);
        attributes(attributes);
        body.append(">\n");
    }

    void close(String tag) {
        body.append("</").append(tag).append(">\n");
    }

    /** A tooltip for the enclosing element. */
    void title(String text) {
        body.append("<title>").append(escape(text)).append("</title>\n");
    }

    void line(int x1, int y1, int x2, int y2, String stroke, double width, String dash) {
        cover(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
        empty("line", "x1", x1, "y1", y1, "x2", x2, "y2", y2, "stroke", stroke, "stroke-width", number(width),
                "stroke-dasharray", dash);
    }

    void rect(int x, int y, int w, int h, int radius, String fill, String stroke) {
        cover(x, y, x + w, y + h);
        empty("rect", "x", x, "y", y, "width", w, "height", h, "rx", radius, "fill", fill, "stroke", stroke,
                "stroke-width", 1.5);
    }

    void circle(int cx, int cy, int r, String fill, String stroke) {
        cover(cx - r, cy - r, cx + r, cy + r);
        empty("circle", "cx", cx, "cy", cy, "r", r, "fill", fill, "stroke", stroke, "stroke-width", 1.5);
    }

    /** A line of text with its baseline at y; {@code anchor} is start, middle or end. */
    void text(int x, int y, String text, int size, String anchor, String cssClass, String fill) {
        text(x, y, text, size, anchor, cssClass, fill, false);
    }

    /** The same with a white halo, readable where it crosses a line. */
    void haloText(int x, int y, String text, int size, String anchor, String cssClass, String fill) {
        text(x, y, text, size, anchor, cssClass, fill, true);
    }

    private void text(int x, int y, String text, int size, String anchor, String cssClass, String fill, boolean halo) {
        int width = (int) Math.ceil(0.62 * size * text.length());
        int left = switch (anchor) {
            case "middle" -> x - width / 2;
            case "end" -> x - width;
            default -> x;
        };
        cover(left, y - size, left + width, y + size / 3);
        body.append("<text");
        attributes("x", x, "y", y, "font-size", size, "text-anchor", anchor, "class", cssClass, "fill", fill);
        if (halo) {
            attributes("stroke", "#ffffff", "stroke-width", 3, "paint-order", "stroke");
        }
        body.append('>').append(escape(text)).append("</text>\n");
    }

    /**
     * The whole document: the legend drawn by {@code legend(x, y)} above what was drawn so far, and a
     * {@code viewBox} around everything.
     */
    String document(String title, IntBinaryOperator legend) {
        if (minX > maxX) {
            cover(0, 0, 0, 0);
        }
        legend.applyAsInt(minX, minY - LEGEND_ROOM);
        int x = minX - PADDING;
        int y = minY - PADDING;
        int w = maxX - minX + 2 * PADDING;
        int h = maxY - minY + 2 * PADDING;
        StringBuilder doc = new StringBuilder(body.length() + 400);
        doc.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"netserv-topology\" viewBox=\"")
                .append(x).append(' ').append(y).append(' ').append(w).append(' ').append(h)
                .append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" font-family=\"sans-serif\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" fill=\"#ffffff\"/>\n")
                .append(body)
                .append("</svg>\n");
        return doc.toString();
    }

    private void cover(int x0, int y0, int x1, int y1) {
        minX = Math.min(minX, x0);
        minY = Math.min(minY, y0);
        maxX = Math.max(maxX, x1);
        maxY = Math.max(maxY, y1);
    }

    /** An element without content; attributes whose value is null are left out. */
    private void empty(String tag, Object... attributes) {
        body.append('<').append(tag);
        attributes(attributes);
        body.append("/>\n");
    }

    private void attributes(Object... nameValues) {
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                body.append(' ').append(nameValues[i]).append("=\"").append(escape(String.valueOf(nameValues[i + 1])))
                        .append('"');
            }
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Text safe in XML content and attribute values: markup characters as entities, and characters XML 1.0
     * does not allow at all (control characters, lone surrogates) as U+FFFD.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (allowed(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean allowed(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
