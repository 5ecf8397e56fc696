package org.netserv.ofc.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.netserv.ofc.switches.ListenerChain;
import org.netserv.ofc.switches.OfMessageListener;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchListener;
import org.netserv.ofc.switches.SwitchService;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ready switches by datapath id, and the listeners interested in them. */
public final class SwitchRegistry implements SwitchService {
    private static final Logger log = LoggerFactory.getLogger(SwitchRegistry.class);

    private final Map<DatapathId, OfSwitchConnection> switches = new ConcurrentHashMap<>();
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final ListenerChain chain;

    public SwitchRegistry(ListenerChain chain) {
        this.chain = chain;
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
        listeners.add(listener);
    }

    @Override
    public void addMessageListener(OFType type, String name, OfMessageListener listener) {
        chain.add(type, name, listener);
    }

    /** Registers a switch whose handshake completed; an older connection with the same id is closed. */
    void activate(OfSwitchConnection sw) {
        OfSwitchConnection old = switches.put(sw.id(), sw);
        if (old != null && old != sw) {
            log.info("switch {} connected again from {}; closing its old connection from {}",
                    sw.id(), sw.remoteAddress(), old.remoteAddress());
            old.disconnect();
        }
        log.info("switch {} ready: OpenFlow {}, {} ports, {} tables, from {}", sw.id(),
                VersionNegotiation.name(sw.version()), sw.ports().size(), sw.tables(), sw.remoteAddress());
        notifyListeners(l -> l.switchReady(sw));
    }

    /** Unregisters a closed connection, unless a newer one for the same switch already replaced it. */
    void deactivate(OfSwitchConnection sw) {
        sw.onClosed();
        if (switches.remove(sw.id(), sw)) {
            log.info("switch {} disconnected ({})", sw.id(), sw.remoteAddress());
            notifyListeners(l -> l.switchGone(sw.id()));
        }
    }

    void portChanged(OfSwitchConnection sw, OFPortStatus status) {
        sw.onPortStatus(status);
        log.info("switch {} port {} ({}) {}: state {}, config {}", sw.id(), status.getDesc().getPortNo(),
                status.getDesc().getName(), status.getReason(), status.getDesc().getState(),
                status.getDesc().getConfig());
        notifyListeners(l -> l.portChanged(sw, status));
    }

    void dispatch(OfSwitch sw, OFMessage m) {
        chain.dispatch(sw, m);
    }

    /** Closes every switch connection (on shutdown). */
    void disconnectAll() {
        switches.values().forEach(OfSwitchConnection::disconnect);
    }

    private void notifyListeners(Consumer<SwitchListener> event) {
        for (SwitchListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.error("switch listener {} failed", l.getClass().getSimpleName(), e);
            }
        }
    }
}
