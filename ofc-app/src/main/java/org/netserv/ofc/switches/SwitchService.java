package org.netserv.ofc.switches;

import java.util.Collection;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.DatapathId;

/** The connected switches, and subscription to their messages and lifecycle. */
public interface SwitchService {
    /** Switches whose handshake has completed. */
    Collection<OfSwitch> switches();

    Optional<OfSwitch> get(DatapathId id);

    void addSwitchListener(SwitchListener listener);

    /**
     * Adds {@code listener} for messages of {@code type}. Listeners run in the order fixed by the
     * composition root ({@code OfcModules.LISTENER_ORDER}); {@code name} must appear in it.
     */
    void addMessageListener(OFType type, String name, OfMessageListener listener);
}
