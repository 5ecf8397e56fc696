package org.netserv.ofc.switches;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.DatapathId;

/** A {@link SwitchService} over switches a test adds; listeners are kept so tests can call them. */
public class SwitchServiceAdapter implements SwitchService {
    public final Map<DatapathId, OfSwitch> switches = new LinkedHashMap<>();
    public final Map<OFType, OfMessageListener> messageListeners = new LinkedHashMap<>();
    public final List<SwitchListener> switchListeners = new java.util.ArrayList<>();

    public SwitchServiceAdapter with(OfSwitch sw) {
        switches.put(sw.id(), sw);
        return this;
    }

    @Override
    public Collection<OfSwitch> switches() {
        return List.copyOf(switches.values());
    }

    @Override
    public Optional<OfSwitch> get(DatapathId id) {
        return Optional.ofNullable(switches.get(id));
    }

    @Override
    public void addSwitchListener(SwitchListener listener) {
        switchListeners.add(listener);
    }

    @Override
    public void addMessageListener(OFType type, String name, OfMessageListener listener) {
        messageListeners.put(type, listener);
    }
}
