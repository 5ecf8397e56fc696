package org.netserv.ofc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowOwner;
import org.netserv.ofc.flow.FlowStore;
import org.netserv.ofc.switches.ListenerChain;
import org.netserv.ofc.switches.ListenerResult;
import org.netserv.ofc.switches.OfSwitch;
import org.netserv.ofc.switches.SwitchListener;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchHandshakeTest {
    private static final DatapathId DPID = DatapathId.of(0x42);
    private final OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
    private final AtomicLong clock = new AtomicLong();
    private ListenerChain chain;
    private SwitchRegistry registry;
    private FlowStore store;
    private OpenFlowCore core;

    @BeforeEach
    void setUp() {
        chain = new ListenerChain(List.of("test"));
        registry = new SwitchRegistry(chain);
        store = new FlowStore();
        core = new OpenFlowCore(OpenFlowConfig.defaults(), new VersionNegotiation(OpenFlowModule.VERSIONS),
                registry, store, clock::get);
    }

    @Test
    void fullHandshakeInstallsTableMissEntriesAndRegistersTheSwitch() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        OFHello hello = sw.expect(OFHello.class);
        assertThat(hello.getVersion()).isEqualTo(OFVersion.OF_13);
        assertThat(registry.get(DPID)).isEmpty();

        List<OFMessage> sync = sw.handshake(DPID, List.of());

        assertThat(sync).allMatch(m -> m instanceof OFFlowAdd).hasSize(2);
        assertThat(sync).extracting(m -> ((OFFlowAdd) m).getTableId())
                .containsExactlyInAnyOrder(Pipeline.CLASSIFY_TABLE, Pipeline.FORWARDING_TABLE);
        assertThat(sync).allSatisfy(m -> assertThat(FlowOwner.ownerId(((OFFlowAdd) m).getCookie()))
                .isEqualTo(Pipeline.OWNER.id()));
        OfSwitch ready = registry.get(DPID).orElseThrow();
        assertThat(ready.ports()).extracting(p -> p.getPortNo().getPortNumber()).containsExactly(1, 2);
        assertThat(ready.tables()).isEqualTo(254);
        assertThat(handler(sw).state()).isEqualTo(HandshakeState.READY);
    }

    @Test
    void resyncDeletesStaleEntriesKeepsEqualOnesAndReaddsMissingOnes() {
        FlowOwner other = new FlowOwner(2, "forwarding");
        FlowEntry remembered = new FlowEntry(TableId.of(1), 100,
                f.buildMatch().setExact(MatchField.ETH_DST, MacAddress.of(1)).build(),
                List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.of(2), 0xffff)))),
                other.cookie(), 0, 0);
        store.put(DPID, remembered);
        FlowEntry classifyMiss = Pipeline.tableMissEntries(f).get(0);
        OFFlowStatsEntry stale = stats(TableId.of(1), 5, other.cookie(7), MacAddress.of(0x99));
        OFFlowStatsEntry kept = f.buildFlowStatsEntry().setTableId(classifyMiss.table())
                .setPriority(0).setMatch(classifyMiss.match()).setCookie(classifyMiss.cookie())
                .setInstructions(classifyMiss.instructions()).build();

        ScriptedSwitch sw = new ScriptedSwitch(core);
        List<OFMessage> sync = sw.handshake(DPID, List.of(stale, kept));

        assertThat(sync.get(0)).isInstanceOf(OFFlowDeleteStrict.class); // deletes come first
        OFFlowDeleteStrict del = (OFFlowDeleteStrict) sync.get(0);
        assertThat(del.getCookie()).isEqualTo(other.cookie(7));
        assertThat(del.getMatch().get(MatchField.ETH_DST)).isEqualTo(MacAddress.of(0x99));
        assertThat(sync.subList(1, sync.size())).extracting(m -> ((OFFlowAdd) m).getTableId())
                .containsExactlyInAnyOrder(Pipeline.FORWARDING_TABLE, TableId.of(1)); // miss + remembered
        assertThat(sync).hasSize(3);
    }

    @Test
    void entriesTheControllerCannotReadAreNeitherReadNorDeletedButTheLearnTableIsRewritten() {
        FlowOwner learners = new FlowOwner(FlowOwner.FIRST_SWITCH_LEARNED_ID + 5, "affinity-learner");
        FlowEntry learner = new FlowEntry(Pipeline.LEARN_TABLE, 10, f.buildMatch().build(), List.of(), learners.cookie(3), 0, 0);
        store.put(DPID, learner);
        ScriptedSwitch sw = new ScriptedSwitch(core);
        OFFlowStatsEntry pin = stats(Pipeline.AFFINITY_TABLE, 1000,
                new FlowOwner(FlowOwner.FIRST_SWITCH_LEARNED_ID + 4, "affinity").cookie(3), MacAddress.of(5));

        List<OFMessage> sync = sw.handshake(DPID, List.of(pin));

        assertThat(sw.flowStatsRequest.getCookie()).isEqualTo(FlowOwner.NETSERV_PREFIX);
        assertThat(sw.flowStatsRequest.getCookieMask()).as("owners from 0x8000 up are left out of the read")
                .isEqualTo(FlowOwner.CONTROLLER_READABLE_MASK);
        assertThat(learners.cookie(3).getValue() & FlowOwner.CONTROLLER_READABLE_MASK.getValue())
                .isNotEqualTo(FlowOwner.NETSERV_PREFIX.getValue());
        OFFlowDelete wipe = (OFFlowDelete) sync.get(0);
        assertThat(wipe.getTableId()).isEqualTo(Pipeline.LEARN_TABLE);
        assertThat(sync).noneMatch(m -> m instanceof OFFlowDeleteStrict); // the learned pin stays
        assertThat(sync).filteredOn(m -> m instanceof OFFlowAdd)
                .extracting(m -> ((OFFlowAdd) m).getTableId()).contains(Pipeline.LEARN_TABLE);
    }

    @Test
    void echoIsAnsweredBeforeTheHandshakeEnds() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        sw.send(f.buildHello().setXid(1).build());
        sw.received();
        sw.send(f.buildEchoRequest().setXid(77).setData(new byte[] {1, 2, 3}).build());
        OFEchoReply reply = sw.expect(OFEchoReply.class);
        assertThat(reply.getXid()).isEqualTo(77);
        assertThat(reply.getData()).containsExactly(1, 2, 3);
        assertThat(handler(sw).state()).isEqualTo(HandshakeState.WAIT_FEATURES_REPLY);
    }

    @Test
    void peerWithOnlyOpenFlow10GetsHelloFailedAndIsDisconnected() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        sw.sendBytes(new byte[] {0x01, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05}); // OF1.0 HELLO
        OFHelloFailedErrorMsg err = sw.expect(OFHelloFailedErrorMsg.class);
        assertThat(err.getVersion()).isEqualTo(OFVersion.OF_10); // in a version the peer reads
        assertThat(err.getCode()).isEqualTo(OFHelloFailedCode.INCOMPATIBLE);
        assertThat(new String(err.getData().getData())).contains("1.3").contains("1.0");
        assertThat(sw.channel.isOpen()).isFalse();
    }

    @Test
    void peerWhoseBitmapHasNoCommonVersionIsRejected() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        OFFactory f14 = OFFactories.getFactory(OFVersion.OF_14);
        sw.send(f14.buildHello().setXid(3).setElements(List.of(f14.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(org.projectfloodlight.openflow.types.U32.of(1 << 5))).build())).build());
        OFHelloFailedErrorMsg err = sw.expect(OFHelloFailedErrorMsg.class);
        assertThat(new String(err.getData().getData())).contains("version bitmap 1.4");
        assertThat(sw.channel.isOpen()).isFalse();
    }

    @Test
    void firstMessageOtherThanHelloIsRefused() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        sw.send(f.buildEchoReply().setXid(4).build()); // ECHO_REPLY is ignored: still waiting
        sw.send(f.buildFeaturesRequest().setXid(5).build());
        assertThat(sw.expect(OFHelloFailedErrorMsg.class).getXid()).isEqualTo(5);
        assertThat(sw.channel.isOpen()).isFalse();
    }

    @Test
    void garbageIsAnsweredWithAnErrorAndTheConnectionClosed() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        sw.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        OFMessage err = sw.expect(OFHelloFailedErrorMsg.class);
        assertThat(err.getVersion()).isEqualTo(OFVersion.OF_13);
        assertThat(sw.channel.isOpen()).isFalse();
    }

    @Test
    void oversizedHelloIsRefused() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        sw.sendBytes(new byte[] {0x04, 0x00, (byte) 0xff, (byte) 0xff, 0, 0, 0, 9});
        OFBadRequestErrorMsg err = sw.expect(OFBadRequestErrorMsg.class);
        assertThat(err.getCode()).isEqualTo(OFBadRequestCode.BAD_LEN);
        assertThat(err.getXid()).isEqualTo(9);
        assertThat(sw.channel.isOpen()).isFalse();
    }

    @Test
    void unparsableMessageAfterHandshakeIsDroppedButTheSwitchStays() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.handshake(DPID, List.of());
        sw.sendBytes(new byte[] {0x04, (byte) 0xee, 0x00, 0x08, 0, 0, 0, 12}); // unknown type 0xee
        OFBadRequestErrorMsg err = sw.expect(OFBadRequestErrorMsg.class);
        assertThat(err.getCode()).isEqualTo(OFBadRequestCode.BAD_TYPE);
        sw.sendBytes(new byte[] {0x01, 0x02, 0x00, 0x08, 0, 0, 0, 13}); // wrong version
        assertThat(sw.expect(OFBadRequestErrorMsg.class).getCode()).isEqualTo(OFBadRequestCode.BAD_VERSION);
        assertThat(sw.channel.isOpen()).isTrue();
        assertThat(registry.get(DPID)).isPresent();
    }

    @Test
    void errorDuringHandshakeAbortsIt() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        sw.send(f.buildHello().setXid(1).build());
        long xid = sw.expect(OFFeaturesRequest.class).getXid();
        sw.send(f.errorMsgs().buildBadRequestErrorMsg().setXid(xid).setCode(OFBadRequestCode.EPERM)
                .setData(org.projectfloodlight.openflow.types.OFErrorCauseData.of(new byte[0], OFVersion.OF_13))
                .build());
        assertThat(sw.channel.isOpen()).isFalse();
        assertThat(registry.switches()).isEmpty();
    }

    @Test
    void handshakeThatStallsTimesOut() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.received();
        sw.send(f.buildHello().setXid(1).build());
        sw.channel.advanceTimeBy(core.config().handshakeTimeoutSeconds() + 1, TimeUnit.SECONDS);
        sw.channel.runScheduledPendingTasks();
        assertThat(sw.channel.isOpen()).isFalse();
    }

    @Test
    void idleSwitchIsProbedWithEchoAndDroppedWhenSilentTooLong() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.handshake(DPID, List.of());
        sw.received();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(core.config().echoIntervalSeconds()));
        sw.channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        sw.expect(OFEchoRequest.class);
        assertThat(sw.channel.isOpen()).isTrue();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(core.config().deadPeerTimeoutSeconds()));
        sw.channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(sw.channel.isOpen()).isFalse();
        assertThat(registry.get(DPID)).isEmpty();
    }

    @Test
    void readyMessagesGoThroughTheListenerChainAndPortStatusUpdatesPorts() {
        List<OFType> seen = new java.util.ArrayList<>();
        chain.add(OFType.PACKET_IN, "test", (s, m) -> {
            seen.add(m.getType());
            return ListenerResult.STOP;
        });
        List<String> events = new java.util.ArrayList<>();
        registry.addSwitchListener(new SwitchListener() {
            @Override
            public void portChanged(OfSwitch s, org.projectfloodlight.openflow.protocol.OFPortStatus st) {
                events.add(st.getReason() + " " + st.getDesc().getPortNo());
            }

            @Override
            public void switchGone(DatapathId id) {
                events.add("gone " + id);
            }
        });
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.handshake(DPID, List.of());
        sw.send(f.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.NO_MATCH)
                .setTableId(TableId.of(1)).setCookie(U64.ZERO)
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                .setData(new byte[60]).build());
        sw.send(f.buildPortStatus().setReason(OFPortReason.ADD).setDesc(ScriptedSwitch.port(f, 3)).build());
        sw.send(f.buildPortStatus().setReason(OFPortReason.DELETE).setDesc(ScriptedSwitch.port(f, 1)).build());

        assertThat(seen).containsExactly(OFType.PACKET_IN);
        assertThat(registry.get(DPID).orElseThrow().ports()).extracting(p -> p.getPortNo().getPortNumber())
                .containsExactly(2, 3);
        sw.channel.close();
        assertThat(events).containsExactly("ADD 3", "DELETE 1", "gone " + DPID);
    }

    @Test
    void reconnectionWithTheSameDatapathIdReplacesTheOldConnection() {
        ScriptedSwitch first = new ScriptedSwitch(core);
        first.handshake(DPID, List.of());
        ScriptedSwitch second = new ScriptedSwitch(core);
        second.handshake(DPID, List.of());
        first.channel.runPendingTasks();
        assertThat(first.channel.isOpen()).isFalse();
        assertThat(second.channel.isOpen()).isTrue();
        assertThat(registry.switches()).hasSize(1);
        assertThat(registry.get(DPID).orElseThrow().isConnected()).isTrue();
    }

    @Test
    void writeAndConfirmFailsWhenTheSwitchRejectsAMessage() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.handshake(DPID, List.of());
        OfSwitch ready = registry.get(DPID).orElseThrow();
        OFFlowAdd add = Pipeline.tableMissEntries(f).get(0).toFlowAdd(f);
        var result = ready.writeAndConfirm(List.of(add));
        List<OFMessage> out = sw.received();
        assertThat(out).extracting(OFMessage::getType).containsExactly(OFType.FLOW_MOD, OFType.BARRIER_REQUEST);
        sw.send(f.errorMsgs().buildBadMatchErrorMsg().setXid(out.get(0).getXid())
                .setCode(org.projectfloodlight.openflow.protocol.OFBadMatchCode.BAD_PREREQ)
                .setData(org.projectfloodlight.openflow.types.OFErrorCauseData.of(new byte[0], OFVersion.OF_13))
                .build());
        sw.send(f.buildBarrierReply().setXid(out.get(1).getXid()).build());
        assertThat(result).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("BAD_MATCH/BAD_PREREQ");
        var ok = ready.writeAndConfirm(List.of(add));
        out = sw.received();
        sw.send(f.buildBarrierReply().setXid(out.get(1).getXid()).build());
        assertThat(ok).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void requestsFailWithDisconnectedWhenTheSwitchGoesAway() {
        ScriptedSwitch sw = new ScriptedSwitch(core);
        sw.handshake(DPID, List.of());
        OfSwitch ready = registry.get(DPID).orElseThrow();
        var waiting = ready.requestStats(f.buildPortDescStatsRequest().build());
        assertThat(sw.received()).hasSize(1);
        sw.channel.close();
        assertThat(waiting).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(org.netserv.ofc.switches.SwitchDisconnectedException.class);
        var late = ready.writeAndConfirm(List.of(f.buildEchoRequest().build()));
        assertThat(late).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("is not connected");
        assertThat(sw.received()).isEmpty();
    }

    @Test
    void errorTypeOfViolationMatchesWhatTheSpecAsks() {
        ProtocolViolation v = new ProtocolViolation(true, OFErrorType.BAD_REQUEST, "BAD_LEN", 3, new byte[8], "x");
        assertThat(OfErrors.forViolation(f, v)).isInstanceOf(OFBadRequestErrorMsg.class);
    }

    private static OfChannelHandler handler(ScriptedSwitch sw) {
        return (OfChannelHandler) sw.channel.pipeline().get("switch");
    }

    private OFFlowStatsEntry stats(TableId table, int priority, U64 cookie, MacAddress dst) {
        return f.buildFlowStatsEntry().setTableId(table).setPriority(priority).setCookie(cookie)
                .setMatch(f.buildMatch().setExact(MatchField.ETH_DST, dst).build())
                .setInstructions(List.of()).build();
    }
}
