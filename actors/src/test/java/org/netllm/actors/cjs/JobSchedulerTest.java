package org.netllm.actors.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics.Source;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.SessionRegistry;
import org.netllm.backbone.Backbones;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsRequest;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.ForwardingCjsScheduler;
import org.netllm.controller.cjs.CjsSchedulers;
import org.netllm.controller.cjs.ClusterClock;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.controller.cjs.SchedulerDraws;
import org.netllm.controller.cjs.learned.CjsConditioning;
import org.netllm.controller.cjs.learned.CjsModel;
import org.netllm.controller.cjs.learned.CjsModelSettings;
import org.netllm.controller.cjs.learned.NetllmCjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.JobFiles;
import org.netllm.emulation.cjs.Randomness;
import org.netllm.emulation.cjs.TpchLibrary;

class JobSchedulerTest {

    private ActorTestKit testKit;
    private DecisionMetrics metrics;
    private ClusterBoard board;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create();
        metrics = new DecisionMetrics("cjs");
        board = new ClusterBoard();
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private static Path cjsData() {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path cjs = data.resolve("cjs");
        assertThat(Files.isDirectory(cjs)).as("the CJS data at " + cjs).isTrue();
        return cjs;
    }

    private ActorRef<SessionRegistry.Command<JobScheduler.Command>> registry(CjsScheduler scheduler, Duration deadline) {
        return registry(scheduler, deadline, Batching.OFF);
    }

    private ActorRef<SessionRegistry.Command<JobScheduler.Command>> registry(CjsScheduler scheduler, Duration deadline,
                                                                             Batching batching) {
        CjsSessionSettings settings = CjsSessionSettings.defaults(cjsData().resolve("tpch"), 10).withDeadline(deadline);
        return testKit.spawn(CjsClusters.create(settings, () -> new BatchCjsScheduler(scheduler), scheduler,
                batching, metrics, board));
    }

    /** Notes the size of every batch the policy asks of the scheduler, which decides it. */
    private static final class BatchSizes extends ForwardingCjsScheduler {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();

        BatchSizes(CjsScheduler inner) {
            super(inner);
        }

        @Override
        public List<CjsAction> decideAll(List<CjsRequest> requests) {
            sizes.add(requests.size());
            return inner.decideAll(requests);
        }
    }

    @Test
    void aSimulatedClusterDrivenThroughTheLivePathHasTheOfflineJctInDeterministicMode() {
        Path cjs = cjsData();
        CjsScheduler decima = new CjsSchedulers(cjs.resolve("decima/decima.safetensors")).resolve("decima");
        CjsEpisode.Setup episode = new CjsEpisode.Setup("jobs-104",
                JobFiles.read(cjs.resolve("job-sequences/jobs-104.csv")), CjsSimulator.Config.of(10),
                new Randomness.Deterministic());
        EpisodeResult offline = CjsEpisode.play(episode, new TpchLibrary(cjs.resolve("tpch")), decima, false);

        var registry = registry(decima, Duration.ofSeconds(30));
        TestProbe<SessionRegistry.OpenReply> probe = testKit.createTestProbe();
        registry.tell(CjsClusters.openSimulated(episode, Double.POSITIVE_INFINITY, probe.getRef()));
        String id = ((SessionRegistry.Opened) probe.receiveMessage()).sessionId();
        probe.awaitAssert(Duration.ofSeconds(120), Duration.ofMillis(100), () -> {
            assertThat(board.get(id)).hasValueSatisfying(v -> assertThat(v.finished()).isTrue());
            return null;
        });
        ClusterView view = board.get(id).orElseThrow();
        assertThat(view.kind()).isEqualTo("simulated");
        assertThat(view.decisions()).isEqualTo(offline.decisions());
        assertThat(view.fallbacks()).isZero();
        assertThat(view.completedJcts()).hasSize(offline.jobs().size());
        assertThat(view.avgJctS()).isCloseTo(offline.avgJctS(), within(1e-9 * offline.avgJctS()));
        assertThat(offline.avgJctS()).isCloseTo(645.289200679, within(1e-6));
        assertThat(metrics.decisions(Source.POLICY)).isEqualTo(offline.decisions());
    }

    @Test
    void theTimelineFollowsASimulatedClusterFromItsFirstDecisionToItsLastOnTheSimulatedClock() {
        CjsScheduler fair = RoundRobin.fair();
        CjsEpisode.Setup episode = new CjsEpisode.Setup("seed-3", org.netllm.emulation.cjs.JobSequences.generate(
                new java.util.SplittableRandom(3), 6), CjsSimulator.Config.of(10), new Randomness.Deterministic());
        EpisodeResult offline = CjsEpisode.play(episode, new TpchLibrary(cjsData().resolve("tpch")), fair, false);

        var registry = registry(fair, Duration.ofSeconds(30));
        TestProbe<SessionRegistry.OpenReply> probe = testKit.createTestProbe();
        registry.tell(CjsClusters.openSimulated(episode, Double.POSITIVE_INFINITY, probe.getRef()));
        String id = ((SessionRegistry.Opened) probe.receiveMessage()).sessionId();
        probe.awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
            assertThat(board.get(id)).hasValueSatisfying(v -> assertThat(v.finished()).isTrue());
            return null;
        });
        ClusterView view = board.get(id).orElseThrow();
        List<ClusterMoment> timeline = view.timeline();
        // one moment per decision while they fit
        assertThat(offline.decisions()).isLessThanOrEqualTo(JobScheduler.TIMELINE_MOMENTS);
        assertThat(timeline).hasSize((int) offline.decisions());
        assertThat(timeline.get(0).decisions()).isEqualTo(1);
        ClusterMoment last = timeline.get(timeline.size() - 1);
        assertThat(last.decisions()).isEqualTo(view.decisions());
        assertThat(last.fallbacks()).isZero();
        for (int i = 1; i < timeline.size(); i++) {
            assertThat(timeline.get(i).atS()).isGreaterThanOrEqualTo(timeline.get(i - 1).atS());
        }
        assertThat(last.atS()).isLessThanOrEqualTo(view.simulatedMs() / 1000);
        // a job's supply counts the executors at it, moving to it and committed to it: each within the cluster's 10
        assertThat(timeline).allSatisfy(m -> assertThat(m.executorsByJob()).allSatisfy(p -> assertThat(p[1])
                .isBetween(0, 10)));
        assertThat(timeline).anySatisfy(m -> assertThat(m.executorsByJob()).isNotEmpty());
        // the JCT average climbs to the episode's as its jobs complete
        assertThat(timeline.get(0).avgJctS()).isNaN();
        assertThat(timeline.stream().mapToInt(ClusterMoment::jobsInSystem).max().orElseThrow()).isBetween(1, 6);
        assertThat(view.avgJctS()).isCloseTo(offline.avgJctS(), within(1e-9 * offline.avgJctS()));
    }

    @Test
    void twoSimulatedClustersScheduledByTheAdaptedModelLiveHaveTheirOfflineJctsInDeterministicMode() {
        assertThat(adaptedClustersLive(Batching.OFF)).containsOnly(1);
    }

    @Test
    void clustersBatchedIntoOneAdaptedPassHaveTheirOfflineJcts() {
        // A batch of two is sent the moment both clusters wait, so once paired the two stay in lock-step until one
        // ends; the 200 ms window only has to outlast one cluster's step between answer and request, even on a loaded
        // machine (a 20 ms window paired them on an idle machine but not always under CI load).
        assertThat(adaptedClustersLive(Batching.of(Duration.ofMillis(200), 2))).contains(2);
    }

    /** Plays two clusters live with an adapted scheduler and checks each against its offline episode. */
    private List<Integer> adaptedClustersLive(Batching batching) {
        // An untrained adapted model on a tiny backbone: its decisions depend on each cluster's context window and
        // return-to-go, which the clusters' job schedulers keep and send with every request to the shared policy.
        Path cjs = cjsData();
        TpchLibrary library = new TpchLibrary(cjs.resolve("tpch"));
        try (NDManager manager = NDManager.newBaseManager()) {
            CjsModel model = new CjsModel(Backbones.tiny(2, 32, 2, 7, manager), CjsModelSettings.of(10, 4))
                    .initialize(manager);
            CjsScheduler netllm = new NetllmCjsScheduler("netllm:tiny", model,
                    new CjsConditioning(1, -0.5, CjsConditioning.JOB_TIME, 0, 0), manager);
            BatchSizes policy = new BatchSizes(netllm);
            var registry = registry(policy, Duration.ofSeconds(30), batching);
            java.util.Map<String, EpisodeResult> offline = new java.util.LinkedHashMap<>();
            TestProbe<SessionRegistry.OpenReply> probe = testKit.createTestProbe();
            Map<String, CjsEpisode.Setup> episodes = new java.util.LinkedHashMap<>();
            for (long seed : new long[] {9000, 9001}) {
                CjsEpisode.Setup episode = new CjsEpisode.Setup(Long.toString(seed),
                        org.netllm.emulation.cjs.JobSequences.generate(new java.util.SplittableRandom(seed), 6),
                        CjsSimulator.Config.of(10), new Randomness.Deterministic());
                registry.tell(CjsClusters.openSimulated(episode, Double.POSITIVE_INFINITY, probe.getRef()));
                episodes.put(((SessionRegistry.Opened) probe.receiveMessage()).sessionId(), episode);
            }
            // Offline only once both clusters run, so that they run side by side.
            episodes.forEach((id, episode) -> offline.put(id, CjsEpisode.play(episode, library, netllm, false)));
            long total = 0;
            for (var entry : offline.entrySet()) {
                String id = entry.getKey();
                EpisodeResult expected = entry.getValue();
                probe.awaitAssert(Duration.ofSeconds(120), Duration.ofMillis(100), () -> {
                    assertThat(board.get(id)).hasValueSatisfying(v -> assertThat(v.finished()).isTrue());
                    return null;
                });
                ClusterView view = board.get(id).orElseThrow();
                assertThat(view.scheduler()).isEqualTo("netllm:tiny");
                assertThat(view.decisions()).isEqualTo(expected.decisions());
                assertThat(view.fallbacks()).isZero();
                assertThat(view.completedJcts()).hasSize(6);
                assertThat(view.avgJctS()).isCloseTo(expected.avgJctS(), within(1e-9 * expected.avgJctS()));
                total += expected.decisions();
            }
            assertThat(offline.values()).extracting(EpisodeResult::avgJctS).doesNotHaveDuplicates();
            assertThat(metrics.decisions(Source.POLICY)).isEqualTo(total);
            return policy.sizes;
        }
    }

    @Test
    void anExternalClusterGetsEachDecisionAndTheFairRulePastTheDeadline() {
        CjsScheduler slow = new CjsScheduler() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
                try {
                    Thread.sleep(3000); // far past the 50 ms deadline, even on a loaded machine
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new CjsAction(0, 1);
            }
        };
        var registry = registry(slow, Duration.ofMillis(50));
        TestProbe<SessionRegistry.OpenReply> opened = testKit.createTestProbe();
        registry.tell(CjsClusters.openExternal(opened.getRef()));
        String id = ((SessionRegistry.Opened) opened.receiveMessage()).sessionId();
        // two jobs of one stage each, 10 executors, 4 committable, no source job: Fair's cap is ceil(10 / 2) = 5
        CjsObservation observation = new CjsObservation(0, 10, 4, -1, new int[] {7, 8}, new int[] {0, 0},
                new int[] {0, 1, 2}, new int[] {0, 0}, new int[] {3, 5}, new double[] {100, 100}, new int[0],
                new int[0], new int[] {0, 1});
        TestProbe<JobScheduler.DecideReply> reply = testKit.createTestProbe();
        registry.tell(CjsClusters.decide(id, observation, Optional.empty(), reply.getRef()));
        JobScheduler.Decided decided = (JobScheduler.Decided) reply.receiveMessage(Duration.ofSeconds(5));
        assertThat(decided.decidedBy()).isEqualTo("fallback_deadline");
        assertThat(decided.action()).isEqualTo(RoundRobin.fair().decide(observation,
                SchedulerDraws.deterministic(0)));
        assertThat(board.get(id).orElseThrow().fallbacks()).isEqualTo(1);
        // an external cluster without a clock is charted on wall time since it opened
        assertThat(board.get(id).orElseThrow().timeline()).singleElement().satisfies(m -> {
            assertThat(m.fallbacks()).isEqualTo(1);
            assertThat(m.jobsInSystem()).isEqualTo(2);
            assertThat(m.atS()).isGreaterThan(0);
        });
        registry.tell(CjsClusters.decide("no-such-cluster", observation, Optional.empty(), reply.getRef()));
        assertThat(reply.receiveMessage()).isInstanceOfSatisfying(JobScheduler.Rejected.class,
                r -> assertThat(r.problem()).isEqualTo(JobScheduler.Problem.UNKNOWN_SESSION));
    }

    /** Fair, writing down every reward it is told. */
    private static final class RewardsHeard implements CjsScheduler {
        final List<Double> rewards = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "fair";
        }

        @Override
        public CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
            return RoundRobin.fair().decide(observation, draws);
        }

        @Override
        public CjsMemory remember(CjsMemory memory, CjsObservation observation, CjsAction taken, double reward) {
            rewards.add(reward);
            return memory;
        }
    }

    @Test
    void anExternalClusterWithTheSimulatorsClockTellsTheSchedulerTheSimulatorsRewards() {
        Path cjs = cjsData();
        CjsEpisode.Setup episode = new CjsEpisode.Setup("jobs-104", JobFiles.read(cjs.resolve(
                "job-sequences/jobs-104.csv")).subList(0, 6), CjsSimulator.Config.of(10),
                new Randomness.Deterministic());
        CjsEpisode.Run run = CjsEpisode.start(episode, new TpchLibrary(cjs.resolve("tpch")), null);
        RewardsHeard scheduler = new RewardsHeard();
        var registry = registry(scheduler, Duration.ofSeconds(10));
        TestProbe<SessionRegistry.OpenReply> opened = testKit.createTestProbe();
        registry.tell(CjsClusters.openExternal(opened.getRef()));
        String id = ((SessionRegistry.Opened) opened.receiveMessage()).sessionId();
        TestProbe<JobScheduler.DecideReply> reply = testKit.createTestProbe();
        List<Double> simulated = new ArrayList<>();
        Set<Integer> reported = new HashSet<>();
        CjsObservation first = run.observe();
        while (!run.done()) {
            CjsObservation o = run.observe();
            double[] arrivals = new double[o.jobCount()];
            for (int p = 0; p < arrivals.length; p++) {
                arrivals[p] = run.job(o.jobIds()[p]).arrivalMs();
            }
            Map<Integer, Double> completed = new HashMap<>();
            for (int j = 0; j < run.jobCount(); j++) {
                if (Double.isFinite(run.completionMs(j)) && reported.add(j)) {
                    completed.put(j, run.completionMs(j));
                }
            }
            registry.tell(CjsClusters.decide(id, o, Optional.of(new ClusterClock(run.timeMs(), arrivals, completed)),
                    reply.getRef()));
            JobScheduler.Decided decided = (JobScheduler.Decided) reply.receiveMessage(Duration.ofSeconds(10));
            simulated.add(run.step(decided.action()));
        }
        // The last decision's reward would come with an observation after the episode, which no cluster sends.
        assertThat(simulated).hasSizeGreaterThan(50);
        // Numerically equal, to the bit but for the sign of zero where a round ends with no time passing.
        assertThat(scheduler.rewards).usingElementComparator((a, b) -> a.doubleValue() == b.doubleValue() ? 0 : 1)
                .containsExactlyElementsOf(simulated.subList(0, simulated.size() - 1));
        // A clock going back is refused and leaves the episode as it was.
        registry.tell(CjsClusters.decide(id, first, Optional.of(ClusterClock.at(0, first.jobCount())), reply.getRef()));
        assertThat(reply.receiveMessage()).isInstanceOfSatisfying(JobScheduler.Rejected.class,
                r -> assertThat(r.problem()).isEqualTo(JobScheduler.Problem.INVALID_OBSERVATION));
        assertThat(board.get(id).orElseThrow().decisions()).isEqualTo(simulated.size());
    }
}
