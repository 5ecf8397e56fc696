package org.netserv.sidecar.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netserv.sidecar.agent.AgentException;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.model.FailurePolicy;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.ModuleStatus;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;

class OfcClientTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ModuleRequest NM = new ModuleRequest("acme", "nm", "file:///x.jar", null,
            PacketFilter.of(Protocol.UDP, 5060), 60L, null, null);

    /** A module host that installs anything whose URL does not contain "bad". */
    private final class FakeHost implements ModuleHost {
        final List<ModuleStatus> installed = new CopyOnWriteArrayList<>();
        final List<Consumer<ModuleStatus>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public ModuleStatus install(ModuleRequest r) throws AgentException {
            if (r.url().contains("bad")) {
                throw new AgentException(422, "not an OSGi bundle: " + r.url());
            }
            ModuleStatus s = status(r, ModuleState.ACTIVE);
            installed.add(s);
            return s;
        }

        @Override
        public Optional<ModuleStatus> uninstall(String user, String name) {
            Optional<ModuleStatus> s = installed.stream().filter(m -> m.name().equals(name)).findFirst();
            s.ifPresent(installed::remove);
            return s;
        }

        @Override
        public List<ModuleStatus> modules() {
            return List.copyOf(installed);
        }

        @Override
        public Map<String, Long> containers() {
            return installed.isEmpty() ? Map.of() : Map.of("acme", 42L);
        }

        @Override
        public void addListener(Consumer<ModuleStatus> l) {
            listeners.add(l);
        }
    }

    private static ModuleStatus status(ModuleRequest r, ModuleState state) {
        return new ModuleStatus(r.user(), r.name(), "1.0.0", state, r.filter(), FailurePolicy.FAIL_OPEN, 0, 0, 0,
                null, Instant.now(), null, null, null);
    }

    private final FakeHost host = new FakeHost();
    private StubOfc ofc;
    private OfcClient client;
    private int port;

    @BeforeEach
    void start() throws Exception {
        ofc = new StubOfc(20);
        port = ofc.start(0);
        client = new OfcClient("127.0.0.1", port, new ControlMessage.Hello(1, "sc1", "02:00:00:00:00:01", "sc1-eth0",
                new ControlMessage.Capacity(2, 1024, 50), List.of()), host);
        client.start();
    }

    @AfterEach
    void stop() {
        client.close();
        ofc.close();
    }

    @Test
    void saysHelloThenHeartbeatsAtTheAskedInterval() throws Exception {
        ControlMessage.Hello hello = ofc.next(ControlMessage.Hello.class, WAIT);
        assertThat(hello.sidecarId()).isEqualTo("sc1");
        assertThat(hello.mac()).isEqualTo("02:00:00:00:00:01");
        assertThat(hello.protocol()).isEqualTo(ControlMessage.PROTOCOL_VERSION);
        await().atMost(WAIT).until(client::connected);
        ofc.received.clear();
        Thread.sleep(1000);
        long beats = ofc.received.stream().filter(m -> m instanceof ControlMessage.Heartbeat).count();
        assertThat(beats).as("heartbeats in 1 s at a 20 ms interval").isBetween(10L, 60L);
        assertThat(ofc.received).anyMatch(m -> m instanceof ControlMessage.Counters);
    }

    @Test
    void installAndRemoveCommandsAreRunAndAnswered() throws Exception {
        ofc.next(ControlMessage.Hello.class, WAIT);
        await().atMost(WAIT).until(client::connected);
        ofc.send(new ControlMessage.Install(7, NM));
        ControlMessage.Result ok = ofc.next(ControlMessage.Result.class, WAIT);
        assertThat(ok.requestId()).isEqualTo(7);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.module().state()).isEqualTo(ModuleState.ACTIVE);

        ofc.send(new ControlMessage.Install(8, new ModuleRequest("acme", "b", "file:///bad.jar", null,
                PacketFilter.of(Protocol.UDP, 1), 60L, null, null)));
        ControlMessage.Result refused = ofc.next(ControlMessage.Result.class, WAIT);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).isEqualTo("not an OSGi bundle: file:///bad.jar");

        ofc.send(new ControlMessage.Remove(9, "acme", "nm"));
        assertThat(ofc.next(ControlMessage.Result.class, WAIT).ok()).isTrue();
        ofc.send(new ControlMessage.Remove(10, "acme", "nm"));
        ControlMessage.Result none = ofc.next(ControlMessage.Result.class, WAIT);
        assertThat(none.ok()).isFalse();
        assertThat(none.error()).isEqualTo("no module acme/nm");
    }

    @Test
    void moduleChangesAreForwarded() throws Exception {
        ofc.next(ControlMessage.Hello.class, WAIT);
        await().atMost(WAIT).until(client::connected);
        ModuleStatus failed = status(NM, ModuleState.FAILED);
        host.listeners.forEach(l -> l.accept(failed));
        assertThat(ofc.next(ControlMessage.ModuleChanged.class, WAIT).module()).isEqualTo(failed);
    }

    @Test
    void reconnectsAfterTheOfcRestartsAndTellsItsModules() throws Exception {
        ofc.next(ControlMessage.Hello.class, WAIT);
        await().atMost(WAIT).until(client::connected);
        host.install(NM);
        ofc.stop();
        await().atMost(WAIT).until(() -> !client.connected());
        ofc.received.clear();
        ofc.start(port);
        ControlMessage.Hello again = ofc.next(ControlMessage.Hello.class, WAIT);
        assertThat(again).as("hello after the OFC came back").isNotNull();
        assertThat(again.modules()).extracting(ModuleStatus::name).containsExactly("nm");
        await().atMost(WAIT).until(client::connected);
    }
}
