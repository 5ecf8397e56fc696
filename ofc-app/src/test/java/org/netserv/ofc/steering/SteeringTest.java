package org.netserv.ofc.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import org.netserv.ofc.core.Pipeline;
import org.netserv.ofc.flow.FlowEntry;
import org.netserv.ofc.flow.FlowManager;
import org.netserv.ofc.flow.FlowStore;
import org.netserv.ofc.steering.nx.NxBundleLoad;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.netserv.ofc.sidecars.ScriptedSidecars;
import org.netserv.ofc.sidecars.SidecarState;
import org.netserv.ofc.switches.OfSwitchAdapter;
import org.netserv.ofc.switches.HostRoutes;
import org.netserv.ofc.switches.SwitchApproaches;
import org.netserv.ofc.switches.SwitchServiceAdapter;
import org.netserv.signaling.control.ControlMessage;
import org.netserv.signaling.model.FailurePolicy;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.ModuleState;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;
import org.netserv.signaling.rest.ApiException;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/** The steering engine against a real sidecar pool (sidecars played by the test) and a recording switch. */
class SteeringTest {
    private static final DatapathId DPID = DatapathId.of(1);
    private static final PacketFilter SIP = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.0/8"), null, 5060);

    private final ScriptedSidecars sidecars = new ScriptedSidecars();
    private final OfSwitchAdapter sw = new OfSwitchAdapter(DPID);
    private final SwitchServiceAdapter switches = new SwitchServiceAdapter().with(sw);
    private final FlowManager flows = new FlowManager(switches, new FlowStore());
    private final ExecutorService exec = Executors.newSingleThreadExecutor();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private Steering steering;
    @TempDir
    Path dir;
    private Path stateFile;

    @BeforeEach
    void setUp() {
        stateFile = dir.resolve("modules.json");
        flows.registerOwner(SteeringRules.OWNER);
        flows.registerOwner(SteeringRules.PINS);
        flows.registerOwner(SteeringRules.LEARNERS);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        SteeringConfig config = new SteeringConfig(30, List.of(
                new UserGrant("alice", List.of("10.0.0.0/8"), List.of("5060-5061", "5201")),
                new UserGrant("bob", List.of("10.0.0.0/8"), List.of("5060"))), stateFile.toString());
        steering = new Steering(config, sidecars.pool, switches, flows, exec, clock);
        sidecars.pool.addListener(steering::sidecarChanged);
        sidecars.connect("sc1", DPID, 3, List.of());
        sidecars.connect("sc2", DPID, 4, List.of());
        settle();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        exec.shutdownNow();
        // the steering thread may be writing the state file: let it finish before the folder goes
        assertThat(exec.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private static DeployRequest request(String user, String name, PacketFilter filter, FailurePolicy policy) {
        return new DeployRequest(user, name, "file:///m/netmonitor.jar", null, filter, 60L, null, policy, null, null);
    }

    /** Deploys and answers the installs on the given sidecars. */
    private SteeredModule deploy(DeployRequest r, String... on) throws Exception {
        CompletableFuture<SteeredModule> f = steering.deploy(r);
        for (String id : on) {
            sidecars.answerInstall(id, null);
        }
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Lets queued steering work finish. */
    private void settle() {
        try {
            exec.submit(() -> { }).get(5, TimeUnit.SECONDS);
            exec.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The sidecar ports the module's learner picks from (a port repeated by its weight). */
    private List<Integer> bucketPorts(int number) {
        FlowEntry learner = entriesOf(number).stream().filter(e -> e.table().equals(Pipeline.LEARN_TABLE))
                .findFirst().orElseThrow();
        List<OFAction> actions = ((OFInstructionApplyActions) learner.instructions().get(0)).getActions();
        return actions.isEmpty() ? List.of() : ((NxBundleLoad) actions.get(0)).members();
    }

    private List<FlowEntry> entriesOf(int number) {
        return flows.flows(DPID).stream().filter(e -> (e.cookie().getValue() & 0xFFFFFFFFL) == number).toList();
    }

    private List<OFFlowDelete> pinDeletions() {
        return sw.written.stream().filter(m -> m instanceof OFFlowDelete).map(m -> (OFFlowDelete) m)
                .filter(d -> d.getCookie().equals(SteeringRules.pinCookie(1)) && !d.getOutPort().equals(OFPort.ANY)).toList();
    }

    @Test
    void deployInstallsOnEverySidecarThenSteersToAll() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        assertThat(m.state).isEqualTo(SteeringState.ACTIVE);
        assertThat(m.placement).containsExactly("sc1", "sc2");
        assertThat(bucketPorts(m.number)).containsExactlyInAnyOrder(3, 4);
        assertThat(entriesOf(m.number)).extracting(FlowEntry::table) // classify, arrival from other switches, ...
                .containsExactlyInAnyOrder(Pipeline.CLASSIFY_TABLE, Pipeline.CLASSIFY_TABLE, Pipeline.AFFINITY_TABLE,
                        Pipeline.LEARN_TABLE);
    }

    @Test
    void otherSwitchesGetTheWayToTheSidecarsSwitchAndLoseItWhenNoLongerOnTheWay() throws Exception {
        OfSwitchAdapter far = new OfSwitchAdapter(DatapathId.of(2));
        switches.with(far);
        flows.registerOwner(SteeringRules.APPROACH);
        Map<DatapathId, SwitchApproaches.Approach> ways = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
                far.id(), new SwitchApproaches.Approach(OFPort.of(9), List.of(OFPort.of(1), OFPort.of(2)))));
        List<Set<DatapathId>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<HostRoutes.Listener> topology = new AtomicReference<>();
        steering.approachBy(new SwitchApproaches() {
            @Override
            public Map<DatapathId, Approach> approaches(Set<DatapathId> targets) {
                asked.add(targets);
                return Map.copyOf(ways);
            }

            @Override
            public void addListener(HostRoutes.Listener listener) {
                topology.set(listener);
            }
        });
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        assertThat(asked).contains(Set.of(DPID));
        List<FlowEntry> there = flows.flows(far.id()).stream()
                .filter(e -> e.cookie().equals(SteeringRules.approachCookie(m.number))).toList();
        assertThat(there).hasSize(3); // one per edge port, and the tagged frames passing through
        assertThat(there).extracting(e -> e.match().get(MatchField.IN_PORT)).containsOnly(OFPort.of(1), OFPort.of(2), null);

        ways.put(far.id(), new SwitchApproaches.Approach(OFPort.of(9), List.of(OFPort.of(1)))); // port 2 became a cable
        topology.get().linksRemoved(List.of()); // the topology tells at once, without waiting for the periodic check
        settle();
        assertThat(flows.flows(far.id()).stream().filter(e -> e.cookie().equals(SteeringRules.approachCookie(m.number))))
                .extracting(e -> e.match().get(MatchField.IN_PORT)).containsOnly(OFPort.of(1), null).hasSize(2);

        ways.clear();
        exec.submit(steering::reapproach).get(5, TimeUnit.SECONDS);
        assertThat(flows.flows(far.id())).noneMatch(e -> e.cookie().equals(SteeringRules.approachCookie(m.number)));
    }

    @Test
    void removingAModuleTakesItsWayOffTheOtherSwitches() throws Exception {
        OfSwitchAdapter far = new OfSwitchAdapter(DatapathId.of(2));
        switches.with(far);
        flows.registerOwner(SteeringRules.APPROACH);
        steering.approachBy(targets -> Map.of(far.id(), new SwitchApproaches.Approach(OFPort.of(9), List.of(OFPort.of(1)))));
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        assertThat(flows.flows(far.id())).anyMatch(e -> e.cookie().equals(SteeringRules.approachCookie(m.number)));
        CompletableFuture<SteeredModule> removal = steering.remove("alice", "mon", "test");
        sidecars.answerRemove("sc1");
        sidecars.answerRemove("sc2");
        removal.get(10, TimeUnit.SECONDS);
        settle();
        assertThat(flows.flows(far.id())).noneMatch(e -> e.cookie().equals(SteeringRules.approachCookie(m.number)));
    }

    @Test
    void aFailedInstallRemovesItFromTheOthersAndLeavesNothing() {
        CompletableFuture<SteeredModule> f = steering.deploy(request("alice", "mon", SIP, null));
        sidecars.answerInstall("sc1", null);
        sidecars.answerInstall("sc2", "cannot fetch file:///m/netmonitor.jar: no such file");
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiException.class)
                .hasMessageContaining("sidecar sc2: cannot fetch");
        assertThat(((ApiException) Steering.cause(catchCause(f))).status()).isEqualTo(404);
        assertThat(sidecars.answerRemove("sc1").name()).isEqualTo("mon");
        settle();
        assertThat(flows.flows(DPID)).isEmpty();
        assertThat(steering.snapshot().join()).isEmpty();
    }

    private static Throwable catchCause(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void aSidecarGoingDownMidInstallFailsTheDeployAtOnceAndLosesTheModuleWhenItReturns() throws Exception {
        CompletableFuture<SteeredModule> f = steering.deploy(request("alice", "mon", SIP, null));
        sidecars.answerInstall("sc1", null);
        ControlMessage.Install unanswered = (ControlMessage.Install) sidecars.next("sc2");
        sidecars.die("sc2");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasMessageContaining("sc2 went DOWN")
                .hasMessageContaining("before answering");
        assertThat(sidecars.answerRemove("sc1").name()).isEqualTo("mon");
        // sc2 had installed it after all, and says so when it reconnects: the OFC removes it there.
        sidecars.connect("sc2", DPID, 4, List.of(ScriptedSidecars.status(unanswered.request(), ModuleState.ACTIVE)));
        assertThat(sidecars.answerRemove("sc2").name()).isEqualTo("mon");
        settle();
        assertThat(flows.flows(DPID)).isEmpty();
    }

    @Test
    void unauthorisedFilterIsRefusedBeforeAnySidecarIsAsked() {
        PacketFilter other = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("192.0.2.0/24"), null, 5060);
        assertThatThrownBy(() -> steering.deploy(request("alice", "mon", other, null)).join())
                .hasCauseInstanceOf(ApiException.class).hasMessageContaining("may only filter traffic from or to 10.0.0.0/8");
        settle();
        assertThat(sidecars.hasCommand("sc1")).isFalse();
        assertThat(flows.flows(DPID)).isEmpty();
    }

    @Test
    void anotherUsersOverlapIsRefusedAndTheSameUsersIsChainedOnTheSameSidecars() throws Exception {
        DeployRequest first = new DeployRequest("alice", "mon", "file:///m/a.jar", null, SIP, 60L, null, null, 1, null);
        SteeredModule a = deploy(first, "sc1");
        assertThatThrownBy(() -> steering.deploy(request("bob", "spy", SIP, null)).join())
                .hasMessageContaining("overlaps the filter").hasMessageContaining("alice/mon");
        PacketFilter narrower = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.2/32"), null, 5060);
        SteeredModule b = deploy(request("alice", "mon2", narrower, null), "sc1");
        assertThat(b.chainedAfter).isEqualTo("alice/mon");
        assertThat(b.placement).isEqualTo(a.placement);
        assertThat(SteeringRules.priority(narrower)).isGreaterThan(SteeringRules.priority(SIP));
    }

    @Test
    void aDeadSidecarLeavesTheGroupAndItsPinsAreDropped() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        sidecars.die("sc2");
        settle();
        assertThat(bucketPorts(m.number)).containsExactly(3);
        assertThat(pinDeletions()).extracting(OFFlowDelete::getOutPort).containsExactly(OFPort.of(4));
        assertThat(m.state).isEqualTo(SteeringState.ACTIVE);
    }

    @Test
    void aDrainingSidecarTakesNoNewFlowsButKeepsItsPins() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        sidecars.pool.drain("sc2", true);
        settle();
        assertThat(bucketPorts(m.number)).containsExactly(3);
        assertThat(pinDeletions()).isEmpty();
        sidecars.pool.drain("sc2", false);
        settle();
        assertThat(bucketPorts(m.number)).containsExactlyInAnyOrder(3, 4);
    }

    @Test
    void weightsGoIntoTheBuckets() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        sidecars.pool.weight("sc2", 3);
        settle();
        assertThat(bucketPorts(m.number)).containsExactly(3, 4, 4, 4);
    }

    @Test
    void withNoSidecarLeftFailOpenForwardsUntouchedAndFailClosedDrops() throws Exception {
        SteeredModule open = deploy(request("alice", "open", SIP, FailurePolicy.FAIL_OPEN), "sc1", "sc2");
        SteeredModule closed = deploy(request("alice", "closed",
                new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.0/8"), null, 5061), FailurePolicy.FAIL_CLOSED),
                "sc1", "sc2");
        sidecars.die("sc1");
        sidecars.die("sc2");
        settle();
        assertThat(open.state).isEqualTo(SteeringState.NO_SIDECAR);
        FlowEntry openClassify = entriesOf(open.number).stream().filter(e -> e.table().equals(Pipeline.CLASSIFY_TABLE))
                .filter(e -> e.priority() != SteeringRules.TAGGED_PRIORITY).findFirst().orElseThrow();
        assertThat(((OFInstructionGotoTable) openClassify.instructions().get(0)).getTableId()).isEqualTo(Pipeline.FORWARDING_TABLE);
        assertThat(bucketPorts(closed.number)).isEmpty();
        FlowEntry closedClassify = entriesOf(closed.number).stream().filter(e -> e.table().equals(Pipeline.CLASSIFY_TABLE))
                .filter(e -> e.priority() != SteeringRules.TAGGED_PRIORITY).findFirst().orElseThrow();
        assertThat(closedClassify.instructions()).hasSize(2); // still steered: into a learner that drops
    }

    @Test
    void aNewcomerGetsEveryPoolWideModuleAndABucket() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        now.set(now.get().plusSeconds(20));
        sidecars.connect("sc3", DPID, 5, List.of());
        ModuleRequest installed = sidecars.answerInstall("sc3", null);
        assertThat(installed.name()).isEqualTo("mon");
        assertThat(installed.ttl()).as("the newcomer gets the time the module has left").isEqualTo(40);
        await().atMost(Duration.ofSeconds(5)).until(() -> bucketPorts(m.number).size() == 3);
        assertThat(bucketPorts(m.number)).containsExactlyInAnyOrder(3, 4, 5);
    }

    @Test
    void aNewcomerThatCannotInstallTheModuleChangesNothingElse() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        sidecars.connect("sc3", DPID, 5, List.of());
        sidecars.answerInstall("sc3", "cannot fetch file:///m/netmonitor.jar: gone");
        settle();
        assertThat(m.state).isEqualTo(SteeringState.ACTIVE);
        assertThat(m.placement).containsExactly("sc1", "sc2");
        assertThat(bucketPorts(m.number)).containsExactlyInAnyOrder(3, 4);
        assertThat(sidecars.hasCommand("sc1")).as("no removal elsewhere").isFalse();
    }

    @Test
    void aModuleFailingOnOneSidecarLeavesThatBucket() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        sidecars.report("sc2", m.request.moduleRequest(), ModuleState.FAILED);
        settle();
        assertThat(bucketPorts(m.number)).containsExactly(3);
        assertThat(pinDeletions()).extracting(OFFlowDelete::getOutPort).containsExactly(OFPort.of(4));
    }

    @Test
    void aSidecarThatRestartedWithoutTheModuleGetsItAgain() throws Exception {
        deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        Thread.sleep(5); // the new connection must be later than the install
        sidecars.connect("sc2", DPID, 4, List.of());
        ModuleRequest again = sidecars.answerInstall("sc2", null);
        assertThat(again.name()).isEqualTo("mon");
    }

    @Test
    void deleteAndTtlExpiryRemoveEntriesGroupAndModule() throws Exception {
        SteeredModule a = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        CompletableFuture<SteeredModule> del = steering.remove("alice", "mon", "test");
        sidecars.answerRemove("sc1");
        sidecars.answerRemove("sc2");
        del.get(10, TimeUnit.SECONDS);
        assertThat(entriesOf(a.number)).isEmpty();

        SteeredModule b = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        now.set(now.get().plusSeconds(61));
        exec.submit(steering::expire).get(5, TimeUnit.SECONDS);
        assertThat(sidecars.answerRemove("sc1").name()).isEqualTo("mon");
        assertThat(entriesOf(b.number)).isEmpty();
        assertThat(steering.snapshot().join()).isEmpty();
        assertThatThrownBy(() -> steering.remove("alice", "mon", "again").join()).hasMessageContaining("no module alice/mon");
    }

    @Test
    void aRestartedOfcTakesBackItsModulesAndReinstallsWhereTheyWereLost() throws Exception {
        SteeredModule m = deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        assertThat(java.nio.file.Files.readString(stateFile)).contains("\"name\" : \"mon\"").contains("sc2");

        // A new OFC: new pool, new steering, same state file.
        ScriptedSidecars again = new ScriptedSidecars();
        FlowManager flows2 = new FlowManager(switches, new FlowStore());
        flows2.registerOwner(SteeringRules.OWNER);
        flows2.registerOwner(SteeringRules.PINS);
        flows2.registerOwner(SteeringRules.LEARNERS);
        ExecutorService exec2 = Executors.newSingleThreadExecutor();
        try {
            Steering restarted = new Steering(new SteeringConfig(30, List.of(new UserGrant("alice",
                    List.of("10.0.0.0/8"), List.of("5060")) ), stateFile.toString()), again.pool, switches, flows2, exec2,
                    Clock.systemUTC());
            again.pool.addListener(restarted::sidecarChanged);
            assertThat(restarted.recover().get(5, TimeUnit.SECONDS)).isEqualTo(1);
            ModuleRequest had = m.request.moduleRequest();
            again.connect("sc1", DPID, 3, List.of(ScriptedSidecars.status(had, ModuleState.ACTIVE)));
            again.connect("sc2", DPID, 4, List.of()); // restarted too: lost the module
            assertThat(again.answerInstall("sc2", null).name()).isEqualTo("mon");
            await().atMost(Duration.ofSeconds(5)).until(() -> restarted.snapshot().join().get(0).liveOn().size() == 2);
            var snap = restarted.snapshot().join().get(0);
            assertThat(snap.state()).isEqualTo(SteeringState.ACTIVE);
            assertThat(snap.number()).isEqualTo(m.number);
            assertThat(snap.expiresAt()).isEqualTo(m.expiresAt);
            assertThat(again.hasCommand("sc1")).as("sc1 still had it: no reinstall").isFalse();
        } finally {
            exec2.shutdownNow();
            exec2.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aModuleRemovedWhileItsSwitchIsAwayDoesNotComeBackWhenItReconnects() throws Exception {
        deploy(request("alice", "mon", SIP, null), "sc1", "sc2");
        assertThat(flows.flows(DPID)).isNotEmpty();
        switches.switches.remove(DPID); // the switch's connection dropped
        CompletableFuture<SteeredModule> removal = steering.remove("alice", "mon", "test");
        sidecars.answerRemove("sc1");
        sidecars.answerRemove("sc2");
        removal.get(10, TimeUnit.SECONDS);
        settle();
        assertThat(flows.flows(DPID)).as("what the flow service would put back on reconnection").isEmpty();
    }

    @Test
    void removalsAtTwoSwitchesArrivingTogetherRemoveTheModule() throws Exception {
        DatapathId dpid2 = DatapathId.of(2);
        switches.with(new OfSwitchAdapter(dpid2));
        sidecars.connect("sc3", dpid2, 7, List.of());
        settle();
        DeployRequest r = request("alice", "mon", SIP, null);
        CompletableFuture<SteeredModule> first = steering.deployAt(r, DPID);
        sidecars.answerInstall("sc1", null);
        sidecars.answerInstall("sc2", null);
        first.get(10, TimeUnit.SECONDS);
        CompletableFuture<SteeredModule> second = steering.deployAt(r, dpid2);
        sidecars.answerInstall("sc3", null);
        second.get(10, TimeUnit.SECONDS);

        // as a signaled REMOVE does: every node of the path asks within a few milliseconds
        CompletableFuture<SteeredModule> off1 = steering.removeAt("alice", "mon", DPID);
        CompletableFuture<SteeredModule> off2 = steering.removeAt("alice", "mon", dpid2);
        for (String id : List.of("sc1", "sc2", "sc3")) {
            sidecars.answerRemove(id);
        }
        off1.get(10, TimeUnit.SECONDS);
        off2.get(10, TimeUnit.SECONDS);
        settle();
        assertThat(steering.snapshot().join()).as("no module left half removed").isEmpty();
        assertThat(flows.flows(DPID)).isEmpty();
        assertThat(flows.flows(dpid2)).isEmpty();
    }

    @Test
    void signalingDeploysPerSwitchExtendsRenewsAndRemovesPerSwitch() throws Exception {
        DatapathId dpid2 = DatapathId.of(2);
        OfSwitchAdapter sw2 = new OfSwitchAdapter(dpid2);
        switches.with(sw2);
        sidecars.connect("sc3", dpid2, 7, List.of());
        settle();
        DeployRequest r = request("alice", "mon", SIP, null);

        CompletableFuture<SteeredModule> first = steering.deployAt(r, DPID);
        sidecars.answerInstall("sc1", null);
        sidecars.answerInstall("sc2", null);
        SteeredModule m = first.get(10, TimeUnit.SECONDS);
        assertThat(m.placement).containsExactlyInAnyOrder("sc1", "sc2");
        assertThat(sidecars.hasCommand("sc3")).as("only the sidecars of the switch that asked").isFalse();

        CompletableFuture<SteeredModule> second = steering.deployAt(r, dpid2);
        sidecars.answerInstall("sc3", null);
        second.get(10, TimeUnit.SECONDS);
        settle();
        assertThat(m.placement).containsExactlyInAnyOrder("sc1", "sc2", "sc3");
        assertThat(flows.flows(dpid2)).anyMatch(e -> e.table().equals(Pipeline.CLASSIFY_TABLE));

        now.set(now.get().plusSeconds(50));
        CompletableFuture<SteeredModule> renew = steering.deployAt(r, DPID);
        assertThat(sidecars.answerInstall("sc1", null).ttl()).isEqualTo(60);
        sidecars.answerInstall("sc2", null);
        assertThat(renew.get(10, TimeUnit.SECONDS).expiresAt).isEqualTo(now.get().plusSeconds(60));

        CompletableFuture<SteeredModule> off2 = steering.removeAt("alice", "mon", dpid2);
        sidecars.answerRemove("sc3");
        off2.get(10, TimeUnit.SECONDS);
        settle();
        assertThat(flows.flows(dpid2)).noneMatch(e -> (e.cookie().getValue() & 0xFFFFFFFFL) == m.number);
        assertThat(steering.snapshot().join()).hasSize(1);

        CompletableFuture<SteeredModule> off1 = steering.removeAt("alice", "mon", DPID);
        sidecars.answerRemove("sc1");
        sidecars.answerRemove("sc2");
        off1.get(10, TimeUnit.SECONDS);
        assertThat(steering.snapshot().join()).isEmpty();

        CompletableFuture<SteeredModule> again = steering.deployAt(r, dpid2);
        sidecars.answerInstall("sc3", null);
        again.get(10, TimeUnit.SECONDS);
        DeployRequest other = request("alice", "mon", new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.0.0.0/8"),
                null, 5061), null);
        assertThatThrownBy(() -> steering.deployAt(other, DPID).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("is deployed with another request");
        assertThat(sidecars.hasCommand("sc1")).isFalse();
    }

    @Test
    void usersAddedAtRunTimeMayDeployAndBadOnesChangeNothing() throws Exception {
        PacketFilter carols = new PacketFilter(Protocol.UDP, null, Ipv4Prefix.parse("10.9.0.0/16"), null, 80);
        assertThatThrownBy(() -> steering.deploy(request("carol", "web", carols, null)).join())
                .hasMessageContaining("user 'carol' is not known");
        assertThatThrownBy(() -> steering.users().put(new UserGrant("carol", List.of("10.9.0.0/33"), List.of("80"))))
                .hasMessageContaining("user 'carol'");
        assertThat(steering.users().get("carol")).isEmpty();
        steering.users().put(new UserGrant("carol", List.of("10.9.0.0/16"), List.of("80")));
        SteeredModule m = deploy(request("carol", "web", carols, null), "sc1", "sc2");
        assertThat(m.state).isEqualTo(SteeringState.ACTIVE);
        assertThat(steering.users().remove("carol")).isTrue();
        assertThat(steering.users().refusal("carol", carols)).isPresent();
    }

    @Test
    void noUsableSidecarIsAPreciseRefusal() {
        sidecars.die("sc1");
        sidecars.die("sc2");
        sidecars.awaitState("sc2", SidecarState.DOWN);
        assertThatThrownBy(() -> steering.deploy(request("alice", "mon", SIP, null)).join())
                .hasMessageContaining("no sidecar is UP");
        DeployRequest three = new DeployRequest("alice", "m3", "file:///m.jar", null, SIP, 60L, null, null, 3, null);
        sidecars.connect("sc1", DPID, 3, List.of());
        assertThatThrownBy(() -> steering.deploy(three).join()).hasMessageContaining("replicas=3 asked, but only 1");
        assertThat(sidecars.hasCommand("sc1")).isFalse();
    }
}
