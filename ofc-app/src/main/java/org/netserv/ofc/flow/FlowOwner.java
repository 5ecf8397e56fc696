package org.netserv.ofc.flow;

import org.projectfloodlight.openflow.types.U64;

/**
 * Who wrote a flow entry, encoded in its 64-bit cookie:
 * {@code 0x4E53} ("NS") in the top 16 bits marks every entry the OFC writes, the next 16 bits are the
 * owner's id and the low 32 bits are the owner's own. So the controller can tell its entries from an
 * operator's, remove exactly one module's entries with a cookie mask, and show owners in the REST API.
 *
 * @param id 1-65535, unique per owner
 * @param name e.g. {@code "forwarding"}
 */
public record FlowOwner(int id, String name) {
    static final long MAGIC = 0x4E53L << 48;
    /** Mask selecting the NetServ marker: every entry the OFC wrote. */
    public static final U64 NETSERV_MASK = U64.of(0xFFFFL << 48);
    /** Cookie value matching {@link #NETSERV_MASK}. */
    public static final U64 NETSERV_PREFIX = U64.of(MAGIC);
    /**
     * Mask that, with {@link #NETSERV_PREFIX}, selects the entries the controller reads back: ours, except
     * owners from {@link #FIRST_SWITCH_LEARNED_ID} up (their top owner bit is set).
     */
    public static final U64 CONTROLLER_READABLE_MASK = U64.of((0xFFFFL << 48) | (0x8000L << 32));
    /** Mask selecting marker and owner id. */
    public static final U64 OWNER_MASK = U64.of(0xFFFFFFFFL << 32);

    /**
     * Owner ids from here up mark entries the controller does not read back: those the switch creates by
     * itself (Open vSwitch learn actions), which a resync must leave alone rather than delete as stale, and
     * those holding Open vSwitch actions our codec cannot decode (they are rewritten on every resync).
     */
    public static final int FIRST_SWITCH_LEARNED_ID = 0x8000;

    public FlowOwner {
        if (id < 1 || id > 0xFFFF) {
            throw new IllegalArgumentException("flow owner id must be 1-65535, got " + id);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("flow owner needs a name");
        }
    }

    /** The owner's cookie with {@code low} (32 bits, the owner's own use) at the bottom. */
    public U64 cookie(long low) {
        return U64.of(MAGIC | ((long) id << 32) | (low & 0xFFFFFFFFL));
    }

    public U64 cookie() {
        return cookie(0);
    }

    /** Whether a cookie carries the NetServ marker. */
    public static boolean isNetServ(U64 cookie) {
        return (cookie.getValue() & NETSERV_MASK.getValue()) == MAGIC;
    }

    /** The owner id in a NetServ cookie, or 0 if the cookie is not one of ours. */
    public static int ownerId(U64 cookie) {
        return isNetServ(cookie) ? (int) ((cookie.getValue() >>> 32) & 0xFFFF) : 0;
    }

    /** Whether a cookie belongs to entries the switch learned (see {@link #FIRST_SWITCH_LEARNED_ID}). */
    public static boolean isSwitchLearned(U64 cookie) {
        return ownerId(cookie) >= FIRST_SWITCH_LEARNED_ID;
    }

    public boolean owns(U64 cookie) {
        return ownerId(cookie) == id;
    }
}
