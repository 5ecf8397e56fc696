package org.netserv.ofc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A switch played by a test: Loxi messages written into an {@link EmbeddedChannel} running the real
 * connection pipeline, and the controller's answers read back and parsed.
 */
final class ScriptedSwitch {
    final OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
    final EmbeddedChannel channel;

    ScriptedSwitch(OpenFlowCore core) {
        channel = new EmbeddedChannel(new OfChannelInitializer(core));
    }

    void send(OFMessage m) {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        channel.writeInbound(b);
    }

    void sendBytes(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Everything the controller sent since the last call. */
    List<OFMessage> received() {
        List<OFMessage> out = new ArrayList<>();
        channel.runPendingTasks();
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            try {
                while (b.isReadable()) {
                    out.add(OFFactories.getGenericReader().readFrom(b));
                }
            } catch (OFParseError e) {
                throw new AssertionError("controller sent unparsable bytes", e);
            } finally {
                b.release();
            }
        }
        return out;
    }

    /** The single next message, which must be of {@code type}. */
    <T extends OFMessage> T expect(Class<T> type) {
        List<OFMessage> got = received();
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).isInstanceOf(type);
        return type.cast(got.get(0));
    }

    static OFPortDesc port(OFFactory f, int number) {
        return f.buildPortDesc()
                .setPortNo(OFPort.of(number))
                .setName("s1-eth" + number)
                .setHwAddr(MacAddress.of(0x0200_0000_0000L + number))
                .build();
    }

    /**
     * Plays a whole handshake as OVS would; {@code existing} are the NetServ entries already in the
     * switch. Returns what the controller sent in the resync step (before the final barrier reply).
     */
    /** The flow-stats request of the last {@link #handshake}. */
    OFFlowStatsRequest flowStatsRequest;

    List<OFMessage> handshake(DatapathId dpid, List<OFFlowStatsEntry> existing) {
        received(); // our HELLO
        send(f.buildHello().setXid(1).build());
        long xid = expectXid(OFFeaturesRequest.class);
        send(f.buildFeaturesReply().setXid(xid).setDatapathId(dpid).setNTables((short) 254).build());
        xid = expectXid(OFPortDescStatsRequest.class);
        Set<OFStatsReplyFlags> more = EnumSet.of(OFStatsReplyFlags.REPLY_MORE);
        send(f.buildPortDescStatsReply().setXid(xid).setFlags(more).setEntries(List.of(port(f, 1))).build());
        send(f.buildPortDescStatsReply().setXid(xid).setEntries(List.of(port(f, 2))).build());
        List<OFMessage> config = received();
        assertThat(config).extracting(OFMessage::getType)
                .containsExactly(OFType.SET_CONFIG,
                        OFType.GET_CONFIG_REQUEST);
        send(f.buildGetConfigReply().setXid(config.get(1).getXid()).setMissSendLen(0xffff).build());
        flowStatsRequest = expect(OFFlowStatsRequest.class);
        send(f.buildFlowStatsReply().setXid(flowStatsRequest.getXid()).setEntries(existing).build());
        List<OFMessage> sync = received();
        OFMessage barrier = sync.get(sync.size() - 1);
        assertThat(barrier.getType()).isEqualTo(OFType.BARRIER_REQUEST);
        send(f.buildBarrierReply().setXid(barrier.getXid()).build());
        return sync.subList(0, sync.size() - 1);
    }

    private long expectXid(Class<? extends OFMessage> type) {
        return expect(type).getXid();
    }
}
