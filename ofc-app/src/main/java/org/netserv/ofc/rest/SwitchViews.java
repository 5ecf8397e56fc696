package org.netserv.ofc.rest;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.netserv.ofc.core.VersionNegotiation;
import org.netserv.ofc.flow.FlowService;
import org.netserv.ofc.switches.OfSwitch;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;

/** The JSON shapes of switches, ports and flow entries. */
final class SwitchViews {
    private SwitchViews() {}

    record PortView(String number, String name, String hwAddr, String state) {}

    record SwitchView(String dpid, String openflowVersion, String remoteAddress, Instant connectedAt, int tables,
                      List<PortView> ports) {}

    record FlowView(int table, int priority, String cookie, String owner, Map<String, String> match,
                    List<String> instructions, int idleTimeout, int hardTimeout, long packets, long bytes,
                    double durationSeconds) {}

    static SwitchView of(OfSwitch sw) {
        List<PortView> ports = sw.ports().stream()
                .sorted(Comparator.comparingLong(p -> Integer.toUnsignedLong(p.getPortNo().getPortNumber())))
                .map(SwitchViews::of)
                .toList();
        return new SwitchView(sw.id().toString(), VersionNegotiation.name(sw.version()),
                String.valueOf(sw.remoteAddress()).replaceFirst("^/", ""), sw.connectedAt(), sw.tables(), ports);
    }

    static PortView of(OFPortDesc p) {
        String state = p.getConfig().contains(OFPortConfig.PORT_DOWN) ? "ADMIN_DOWN"
                : p.getState().contains(OFPortState.LINK_DOWN) ? "LINK_DOWN"
                : p.getState().contains(OFPortState.BLOCKED) ? "BLOCKED"
                : "UP";
        return new PortView(OpenFlowText.port(p.getPortNo()), p.getName(), p.getHwAddr().toString(), state);
    }

    static FlowView of(OFFlowStatsEntry e, FlowService flows) {
        return new FlowView(e.getTableId().getValue(), e.getPriority(),
                String.format("0x%016x", e.getCookie().getValue()),
                flows.ownerName(e.getCookie()), OpenFlowText.match(e.getMatch()),
                OpenFlowText.instructions(e.getInstructions()), e.getIdleTimeout(), e.getHardTimeout(),
                e.getPacketCount().getValue(), e.getByteCount().getValue(),
                e.getDurationSec() + e.getDurationNsec() / 1e9);
    }

    /** Table, then highest priority first: the order a packet meets them. */
    static final Comparator<FlowView> TABLE_ORDER =
            Comparator.comparingInt(FlowView::table).thenComparing(Comparator.comparingInt(FlowView::priority).reversed());
}
