package org.netserv.ofc.sidecars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.model.ModuleStatus;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

class SidecarPoolTest {
    private final AtomicLong now = new AtomicLong();
    private final SidecarPool pool = new SidecarPool(new SidecarsConfig(null, 0, 100, 500, 5, null), now::get);
    private final List<SidecarView> events = new ArrayList<>();
    private final Attachment port4 = new Attachment(DatapathId.of(1), OFPort.of(4));

    SidecarPoolTest() {
        pool.addListener(events::add);
    }

    private static ControlMessage.Hello hello(String id, String mac) {
        return new ControlMessage.Hello(ControlMessage.PROTOCOL_VERSION, id, mac, "sc-eth0",
                new ControlMessage.Capacity(2, 1024, 0), List.of());
    }

    private EmbeddedChannel register(String id, String mac) {
        EmbeddedChannel ch = new EmbeddedChannel();
        pool.hello(hello(id, mac), ch);
        return ch;
    }

    @Test
    void helloMakesASidecarUpButItTakesNoFlowsUntilItsPortIsFound() {
        register("sc1", "02:00:00:00:00:01");
        SidecarView v = pool.sidecar("sc1").orElseThrow();
        assertThat(v.state()).isEqualTo(SidecarState.UP);
        assertThat(v.takesNewFlows()).isFalse();
        assertThat(pool.unattached()).hasSize(1);

        pool.attached("02:00:00:00:00:01", port4);
        assertThat(pool.sidecar("sc1").orElseThrow().takesNewFlows()).isTrue();
        assertThat(pool.sidecar("sc1").orElseThrow().port()).isEqualTo(4);
        assertThat(pool.unattached()).isEmpty();
        pool.attached("02:00:00:00:00:99", new Attachment(DatapathId.of(1), OFPort.of(5)));
        assertThat(pool.sidecar("sc1").orElseThrow().port()).as("another MAC's reply changes nothing").isEqualTo(4);
    }

    @Test
    void silenceBeyondDeadAfterMakesItDownAndHeartbeatsBringItBack() {
        EmbeddedChannel ch = register("sc1", "02:00:00:00:00:01");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
        pool.checkHealth();
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.UP);
        pool.heartbeat("sc1", new ControlMessage.Heartbeat(1, 1, 1));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
        pool.checkHealth();
        assertThat(pool.sidecar("sc1").orElseThrow().state()).as("the heartbeat reset the clock").isEqualTo(SidecarState.UP);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        pool.checkHealth();
        SidecarView v = pool.sidecar("sc1").orElseThrow();
        assertThat(v.state()).isEqualTo(SidecarState.DOWN);
        assertThat(v.reason()).startsWith("no heartbeat for 600 ms");
        assertThat(ch.isOpen()).as("a slow sidecar keeps its connection and its unanswered commands").isTrue();
        pool.heartbeat("sc1", new ControlMessage.Heartbeat(3, 1, 1));
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.UP);
        assertThat(events).extracting(SidecarView::state)
                .containsExactly(SidecarState.UP, SidecarState.DOWN, SidecarState.UP);
    }

    @Test
    void portDownMakesItDownAndPortUpBringsItBack() {
        register("sc1", "02:00:00:00:00:01");
        pool.attached("02:00:00:00:00:01", port4);
        pool.portState(port4, false);
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.DOWN);
        assertThat(pool.sidecar("sc1").orElseThrow().reason()).contains("port").contains("down");
        pool.portState(port4, true);
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.UP);
    }

    @Test
    void drainAndWeightAreOperatorChoicesThatSurviveHeartbeats() {
        register("sc1", "02:00:00:00:00:01");
        pool.attached("02:00:00:00:00:01", port4);
        assertThat(pool.drain("sc1", true).orElseThrow().state()).isEqualTo(SidecarState.DRAINING);
        pool.heartbeat("sc1", new ControlMessage.Heartbeat(2, 0, 0));
        assertThat(pool.sidecar("sc1").orElseThrow().takesNewFlows()).isFalse();
        assertThat(pool.drain("sc1", false).orElseThrow().state()).isEqualTo(SidecarState.UP);
        assertThat(pool.weight("sc1", 3).orElseThrow().weight()).isEqualTo(3);
        assertThatThrownBy(() -> pool.weight("sc1", 0)).hasMessageContaining("weight must be 1-100");
        assertThat(pool.drain("nobody", true)).isEmpty();
    }

    @Test
    void aNewConnectionReplacesTheOldOneAndOnlyTheCurrentOnesCloseCounts() {
        EmbeddedChannel first = register("sc1", "02:00:00:00:00:01");
        EmbeddedChannel second = register("sc1", "02:00:00:00:00:01");
        assertThat(first.isOpen()).isFalse();
        pool.disconnected("sc1", first);
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.UP);
        pool.disconnected("sc1", second);
        assertThat(pool.sidecar("sc1").orElseThrow().state()).isEqualTo(SidecarState.DOWN);
    }

    @Test
    void commandsAreMatchedToResultsAndFailWithTheSidecarsReason() {
        EmbeddedChannel ch = register("sc1", "02:00:00:00:00:01");
        CompletableFuture<ModuleStatus> f = pool.remove("sc1", "alice", "mon");
        ControlMessage.Remove sent = ch.readOutbound();
        pool.result(new ControlMessage.Result(sent.requestId(), false, "no module alice/mon", null));
        assertThatThrownBy(f::join).hasCauseInstanceOf(SidecarService.CommandFailedException.class)
                .hasMessageContaining("no module alice/mon");
        assertThatThrownBy(() -> pool.remove("sc9", "a", "b").join()).hasMessageContaining("sidecar sc9 is not connected");
    }
}
