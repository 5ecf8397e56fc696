package org.netserv.signaling.nslp;

/**
 * A NetServ NSLP message that cannot be read (or a request that cannot become what was asked of it), with
 * where and why: {@code line 5, header 'ttl': must be 1-31622400, got 0}. Every decoding error is one of
 * these; a node answers it with {@link NslpStatus#BAD_REQUEST} and the message text as the reason.
 */
public final class NslpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String header;
    private final String reason;

    /**
     * @param reason what is wrong, in words
     * @param line 1-based line number, 0 when the problem is not on one line
     * @param header the header concerned (its wire name), or null
     */
    public NslpException(String reason, int line, String header) {
        super(format(reason, line, header));
        this.reason = reason;
        this.line = line;
        this.header = header;
    }

    private static String format(String reason, int line, String header) {
        StringBuilder b = new StringBuilder();
        if (line > 0) {
            b.append("line ").append(line);
        }
        if (header != null) {
            b.append(b.length() > 0 ? ", " : "").append("header '").append(header).append('\'');
        }
        return b.length() == 0 ? reason : b.append(": ").append(reason).toString();
    }

    /** The 1-based line the problem is on, or 0. */
    public int line() {
        return line;
    }

    /** The wire name of the header concerned, or null. */
    public String header() {
        return header;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
