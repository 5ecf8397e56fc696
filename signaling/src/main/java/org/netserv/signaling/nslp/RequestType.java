package org.netserv.signaling.nslp;

import static org.netserv.signaling.nslp.Header.DEPENDENCIES;
import static org.netserv.signaling.nslp.Header.FILTER_DST;
import static org.netserv.signaling.nslp.Header.FILTER_PORT;
import static org.netserv.signaling.nslp.Header.FILTER_PROTO;
import static org.netserv.signaling.nslp.Header.FILTER_SRC;
import static org.netserv.signaling.nslp.Header.NODE_ID;
import static org.netserv.signaling.nslp.Header.NONCE;
import static org.netserv.signaling.nslp.Header.NOTIFICATION;
import static org.netserv.signaling.nslp.Header.PROPERTIES;
import static org.netserv.signaling.nslp.Header.SIGNATURE;
import static org.netserv.signaling.nslp.Header.SYMMETRIC;
import static org.netserv.signaling.nslp.Header.TIMESTAMP;
import static org.netserv.signaling.nslp.Header.TTL;
import static org.netserv.signaling.nslp.Header.URL;
import static org.netserv.signaling.nslp.Header.USER;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The NetServ requests and the headers each may carry (Table 6.1, plus ours). {@code user},
 * {@code timestamp}, {@code nonce} and {@code signature} are mandatory in every request: a node needs the
 * user to find the key, and the other three to refuse forgeries and replays.
 */
public enum RequestType {
    /** Install a module on every NetServ node on the path (or refresh its ttl). */
    SETUP(EnumSet.of(DEPENDENCIES, FILTER_DST, FILTER_PORT, FILTER_PROTO, FILTER_SRC, NODE_ID, NONCE, NOTIFICATION,
            PROPERTIES, SYMMETRIC, TIMESTAMP, TTL, USER, URL, SIGNATURE),
            EnumSet.of(USER, URL, TTL, TIMESTAMP, NONCE, SIGNATURE)),
    /** Uninstall the module named on the request line. */
    REMOVE(EnumSet.of(NODE_ID, NONCE, NOTIFICATION, TIMESTAMP, USER, URL, SIGNATURE),
            EnumSet.of(USER, TIMESTAMP, NONCE, SIGNATURE)),
    /** Ask every node on the path for information; the response carries one entry per node. */
    PROBE(EnumSet.of(NODE_ID, NONCE, Header.PROBE, TIMESTAMP, USER, SIGNATURE),
            EnumSet.of(Header.PROBE, USER, TIMESTAMP, NONCE, SIGNATURE)),
    /**
     * Carries a SETUP or PROBE toward the end user; the last node sends that inner request back upstream
     * toward the sender (thesis 7.5.1), so modules land on the reverse path.
     */
    TRIGGER(EnumSet.of(NODE_ID, NONCE, TIMESTAMP, USER, SIGNATURE), EnumSet.of(USER, TIMESTAMP, NONCE, SIGNATURE));

    private final Set<Header> allowed;
    private final Set<Header> mandatory;

    RequestType(Set<Header> allowed, Set<Header> mandatory) {
        this.allowed = Collections.unmodifiableSet(allowed);
        this.mandatory = Collections.unmodifiableSet(mandatory);
    }

    public Set<Header> allowed() {
        return allowed;
    }

    public Set<Header> mandatory() {
        return mandatory;
    }

    /** The type named {@code word} on a request line (upper case), or null. */
    public static RequestType byWord(String word) {
        for (RequestType t : values()) {
            if (t.name().equals(word)) {
                return t;
            }
        }
        return null;
    }
}
