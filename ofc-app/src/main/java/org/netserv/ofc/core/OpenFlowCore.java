package org.netserv.ofc.core;

import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowStore;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * What every switch connection shares: settings, version policy, the registry, the flow store, and the
 * clock used to judge a silent peer (replaceable in tests).
 */
record OpenFlowCore(OpenFlowConfig config, VersionNegotiation negotiation, SwitchRegistry registry,
                    FlowStore flows, LongSupplier nanoClock) {

    OpenFlowCore(OpenFlowConfig config, VersionNegotiation negotiation, SwitchRegistry registry, FlowStore flows) {
        this(config, negotiation, registry, flows, System::nanoTime);
    }

    Duration requestTimeout() {
        return Duration.ofSeconds(config.requestTimeoutSeconds());
    }

    /** The entries a switch must hold once ready: the pipeline's table-miss entries plus what we remember. */
    Collection<FlowEntry> desiredFlows(DatapathId id, OFFactory f) {
        for (FlowEntry e : Pipeline.tableMissEntries(f)) {
            flows.put(id, e);
        }
        return flows.entries(id);
    }
}
