package org.netllm.adaptation.abr.pensieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.netllm.adaptation.abr.LockstepSessions;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.pensieve.PensievePolicy;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.SynthTrace;
import org.netllm.emulation.abr.Trace;

/**
 * GENET's curriculum (Xia et al., SIGCOMM 2022) over the synthetic-trace generator's parameters: training starts on
 * the base traces (the easy, default environment); every {@code promoteEvery} updates it draws {@code candidates}
 * random generator settings, plays the greedy actor and a rule-based baseline on {@code probeTraces} traces of each,
 * and adds the setting where the baseline beats the actor by the most (GENET's gap-to-baseline) to the training
 * distribution. A session then streams a base trace with probability {@code baseShare}, else a fresh trace of a
 * promoted setting. GENET searches the space by Bayesian optimisation; this draws candidates at random, which
 * keeps the search simple and seeded. Not threadsafe (one per training run).
 */
public final class GenetCurriculum implements TrainingEnvironments {

    /**
     * How the curriculum grows.
     *
     * @param promoteEvery updates between promotions
     * @param candidates   generator settings drawn per promotion
     * @param probeTraces  traces of each candidate the gap is measured on
     * @param baseShare    chance that a session streams a base trace once settings are promoted
     */
    public record Settings(int promoteEvery, int candidates, int probeTraces, double baseShare) {
        public Settings {
            if (promoteEvery < 1 || candidates < 1 || probeTraces < 1 || !(baseShare >= 0 && baseShare <= 1)) {
                throw new IllegalArgumentException("invalid GENET settings: promote every " + promoteEvery + ", "
                        + candidates + " candidates, " + probeTraces + " probe traces, base share " + baseShare);
            }
        }
    }

    /** Seconds per generated trace: longer than a 48-chunk session at the top level on a fast link. */
    static final int TRACE_SECONDS = 400;

    private final List<Trace> base;
    private final Video video;
    private final AbrPolicy baseline;
    private final Settings settings;
    private final List<SynthTrace> promoted = new ArrayList<>();

    /** @param baseline the rule-based policy the gap is measured against (GENET: e.g. MPC or BBA) */
    public GenetCurriculum(List<Trace> base, Video video, AbrPolicy baseline, Settings settings) {
        if (base.isEmpty()) {
            throw new IllegalArgumentException("GENET needs at least one base training trace");
        }
        this.base = List.copyOf(base);
        this.video = video;
        this.baseline = baseline;
        this.settings = settings;
    }

    /**
     * A random setting of the generator's space: the fastest state's mean log-uniform in 0.5-10 Mbps, the slowest
     * 5-60 % of it, 2-12 states, a 2-50 % chance per second of switching, relative noise from 0-15 % up to 0-30 %.
     */
    static SynthTrace sample(Random random) {
        double max = 0.5 * Math.pow(20.0, random.nextDouble());
        double min = max * (0.05 + 0.55 * random.nextDouble());
        int states = 2 + random.nextInt(11);
        double switching = 0.02 + 0.48 * random.nextDouble();
        double lowNoise = 0.15 * random.nextDouble();
        double highNoise = lowNoise + 0.15 * random.nextDouble();
        return new SynthTrace(min, max, states, switching, lowNoise, highNoise, TRACE_SECONDS);
    }

    /** The settings promoted so far, oldest first. */
    public List<SynthTrace> promoted() {
        return List.copyOf(promoted);
    }

    @Override
    public Trace next(Random random) {
        if (promoted.isEmpty() || random.nextDouble() < settings.baseShare()) {
            return base.get(random.nextInt(base.size()));
        }
        SynthTrace setting = promoted.get(random.nextInt(promoted.size()));
        return setting.generate("genet", random.nextLong());
    }

    @Override
    public String afterUpdate(int update, PensievePolicy greedy, Random random) {
        if (update % settings.promoteEvery() != 0) {
            return null;
        }
        SynthTrace best = null;
        double bestGap = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < settings.candidates(); c++) {
            SynthTrace candidate = sample(random);
            List<Trace> probe = candidate.generate(settings.probeTraces(), random.nextLong());
            double gap = meanBaselineQoe(probe) - LockstepSessions.meanQoe(LockstepSessions.play(probe, null, video,
                    (sessions, observations) -> greedy.chooseLevels(observations)));
            if (gap > bestGap) {
                bestGap = gap;
                best = candidate;
            }
        }
        promoted.add(best);
        return String.format(Locale.ROOT, "promoted %.2f-%.2f Mbps, %d states, switch %.2f, noise %.2f-%.2f "
                        + "(gap to %s %.3f QoE); %d settings", best.minMbps(), best.maxMbps(), best.states(),
                best.switchProbability(), best.minNoise(), best.maxNoise(), baseline.name(), bestGap, promoted.size());
    }

    private double meanBaselineQoe(List<Trace> traces) {
        double sum = 0;
        for (Trace t : traces) {
            sum += AbrSession.play(baseline.newSession(), t, video, 1).qoe();
        }
        return sum / traces.size();
    }
}
