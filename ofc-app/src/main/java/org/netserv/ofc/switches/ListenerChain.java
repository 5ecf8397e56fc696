package org.netserv.ofc.switches;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each message to the listeners registered for its type, in an order fixed up front by name,
 * until one returns {@link ListenerResult#STOP}. A listener that throws is logged and skipped: one
 * module's bug must not cut the others off.
 */
public final class ListenerChain {
    private static final Logger log = LoggerFactory.getLogger(ListenerChain.class);

    private record Entry(String name, int rank, OfMessageListener listener) {}

    private final List<String> order;
    private volatile Map<OFType, List<Entry>> byType = new EnumMap<>(OFType.class);

    /** @param order listener names, first to last */
    public ListenerChain(List<String> order) {
        this.order = List.copyOf(order);
    }

    /** @throws IllegalArgumentException if {@code name} is not in the order or already listens to the type */
    public synchronized void add(OFType type, String name, OfMessageListener listener) {
        int rank = order.indexOf(name);
        if (rank < 0) {
            throw new IllegalArgumentException("listener '" + name + "' is not in the listener order " + order
                    + "; add it there, in the composition root");
        }
        Map<OFType, List<Entry>> copy = new EnumMap<>(OFType.class);
        copy.putAll(byType);
        List<Entry> list = new ArrayList<>(copy.getOrDefault(type, List.of()));
        if (list.stream().anyMatch(e -> e.name().equals(name))) {
            throw new IllegalArgumentException("listener '" + name + "' already listens to " + type);
        }
        list.add(new Entry(name, rank, listener));
        list.sort(Comparator.comparingInt(Entry::rank));
        copy.put(type, List.copyOf(list));
        byType = copy;
    }

    /** Listener names for a type, in call order. */
    public List<String> listeners(OFType type) {
        return byType.getOrDefault(type, List.of()).stream().map(Entry::name).toList();
    }

    public void dispatch(OfSwitch sw, OFMessage message) {
        for (Entry e : byType.getOrDefault(message.getType(), List.of())) {
            ListenerResult result;
            try {
                result = e.listener().receive(sw, message);
            } catch (RuntimeException ex) {
                log.error("listener '{}' failed on {} from switch {}", e.name(), message.getType(), sw.id(), ex);
                continue;
            }
            if (result == ListenerResult.STOP) {
                return;
            }
        }
    }
}
