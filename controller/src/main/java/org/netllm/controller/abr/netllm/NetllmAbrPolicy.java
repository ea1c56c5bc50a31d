package org.netllm.controller.abr.netllm;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.AdapterConfig;
import org.netllm.adapt.head.ActionMask;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.model.AdaptedModel;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.rl.Decision;
import org.netllm.adapt.rl.DecisionRequest;
import org.netllm.adapt.rl.DecisionSession;
import org.netllm.adapt.rl.ReturnConditionedPolicy;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * The adapted language model as an ABR policy (NetLLM at inference): each session conditions on a target return,
 * lowered by each chunk's normalised QoE, and the model answers one level per decision from up to w recent steps
 * (see {@code DecisionSession} for which).
 * {@link #chooseLevels} decides many sessions in one forward pass. This class is threadsafe (forward passes are
 * serialised); its sessions are not. A policy from {@link #load} owns its model's memory: {@link #close} frees it.
 */
public final class NetllmAbrPolicy implements AbrPolicy, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a session picks a level from the model's distribution. */
    public sealed interface Decoding {
        /** The most likely level (the default). */
        record Greedy() implements Decoding {
        }

        /** A level sampled from the distribution; session {@code k} of the policy draws from {@code seed + k}. */
        record Sampled(long seed) implements Decoding {
        }
    }

    private final String name;
    private final ReturnConditionedPolicy model;
    private final AbrTaskSettings settings;
    private final Decoding decoding;
    private final NDManager owned;
    private long sessions;

    /** A policy over a model the caller owns. */
    public NetllmAbrPolicy(String name, ReturnConditionedPolicy model, AbrTaskSettings settings, Decoding decoding) {
        this(name, model, settings, decoding, null);
    }

    private NetllmAbrPolicy(String name, ReturnConditionedPolicy model, AbrTaskSettings settings, Decoding decoding,
                            NDManager owned) {
        this.name = name;
        this.model = model;
        this.settings = settings;
        this.decoding = decoding;
        this.owned = owned;
    }

    /** The adapter in {@code adapterDir}, greedy, conditioned on the target return it was saved with. */
    public static NetllmAbrPolicy load(Path adapterDir) {
        return load(adapterDir, new Decoding.Greedy(), OptionalDouble.empty());
    }

    /**
     * Loads an ABR adapter checkpoint and the backbone it names.
     *
     * @param targetReturn overrides the saved target return (normalised-reward units) when present
     * @throws AdapterLoadException when the directory is not a loadable ABR adapter (the message says why)
     */
    public static NetllmAbrPolicy load(Path adapterDir, Decoding decoding, OptionalDouble targetReturn) {
        AdapterConfig config = AdapterCheckpoint.readConfig(adapterDir);
        if (config.conditioning() == null || config.task() == null || config.task().isNull()) {
            throw new AdapterLoadException("the adapter in " + adapterDir + " is not an ABR policy (it has no"
                    + " return conditioning or no ABR task definition); adapt one with 'netllm abr adapt'");
        }
        AbrTaskSettings task;
        try {
            task = JSON.treeToValue(config.task(), AbrTaskSettings.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AdapterLoadException("the adapter in " + adapterDir + " has no readable ABR task definition: "
                    + e.getMessage(), e);
        }
        if (!(config.head() instanceof HeadSpec.Categorical c) || c.actions() != task.levels()) {
            throw new AdapterLoadException("the adapter in " + adapterDir + " has head " + config.head()
                    + ", not one level of its " + task.levels() + "-level ladder");
        }
        if (targetReturn.isPresent()) {
            task = task.withTargetReturn(targetReturn.getAsDouble());
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            AdaptedModel model = AdapterCheckpoint.load(adapterDir, manager);
            String name = "netllm:" + adapterDir.toAbsolutePath().normalize().getFileName();
            return new NetllmAbrPolicy(name, new ReturnConditionedPolicy((ReturnConditionedAdapter) model, manager),
                    task, decoding, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Frees the model's memory if this policy loaded it. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String name() {
        return name;
    }

    public AbrTaskSettings settings() {
        return settings;
    }

    /** The model's inference, shared by every session of this policy (it chooses cached or full passes). */
    public ReturnConditionedPolicy inference() {
        return model;
    }

    @Override
    public Session newSession() {
        long k;
        synchronized (this) {
            k = sessions++;
        }
        return newSession(decoding instanceof Decoding.Sampled s ? s.seed() + k : 0L);
    }

    /** A session; {@code seed} drives sampling when the policy samples, and is ignored when it is greedy. */
    @Override
    public Session newSession(long seed) {
        DecisionSession context = decoding instanceof Decoding.Sampled
                ? model.newSampledSession(settings.targetReturn(), seed)
                : model.newSession(settings.targetReturn());
        return new Session(context);
    }

    /** One level per session, all decided in one forward pass; each session appears at most once. */
    public int[] chooseLevels(List<Session> batch, List<AbrObservation> observations) {
        if (batch.size() != observations.size()) {
            throw new IllegalArgumentException(batch.size() + " sessions but " + observations.size() + " observations");
        }
        List<DecisionRequest> requests = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            requests.add(batch.get(i).request(observations.get(i)));
        }
        List<Decision> decisions = model.decide(requests);
        int[] levels = new int[decisions.size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = decisions.get(i).actionIndex();
        }
        return levels;
    }

    /** One streaming session's context: the steps so far and the return still to earn. */
    public final class Session implements AbrController {

        private final DecisionSession context;
        private boolean awaitingOutcome;

        private Session(DecisionSession context) {
            this.context = context;
        }

        @Override
        public int chooseLevel(AbrObservation observation) {
            return chooseLevels(List.of(this), List.of(observation))[0];
        }

        /** The return-to-go the next decision is conditioned on (normalised-reward units). */
        public double returnToGo() {
            return context.returnToGo();
        }

        /** Takes a step another policy decided into the context (its level is recorded with the next one). */
        @Override
        public void observe(AbrObservation observation) {
            DecisionRequest request = request(observation);
            context.pass(request.state());
        }

        private DecisionRequest request(AbrObservation observation) {
            checkLadder(observation.video());
            if (awaitingOutcome) {
                // the previous decision's outcome is the chunk that just arrived; the level actually fetched counts
                // (a live server's fallback may have overridden the model)
                List<ChunkDownload> history = observation.history();
                ChunkDownload last = history.get(history.size() - 1);
                ChunkDownload before = history.get(history.size() - 2);
                Video video = observation.video();
                double reward = settings.qoe().chunkQoe(video, before, last);
                context.record(new float[] {last.level()},
                        settings.returns().normalise(settings.state().reward(reward, video)));
            }
            awaitingOutcome = true;
            return new DecisionRequest(context, AbrTask.arrays(settings.state().features(observation)), ActionMask.none());
        }
    }

    /**
     * The head answers one of the training ladder's levels and the state is normalised by the video's own top
     * bitrate, so any ladder with as many levels works (the paper's unseen-video setting); another level count
     * cannot.
     */
    private void checkLadder(Video video) {
        java.util.Optional<String> problem = cannotServe(video);
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
    }

    @Override
    public java.util.Optional<String> cannotServe(Video video) {
        if (video.levels() == settings.bitratesKbps().length) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("model " + name + " was adapted on a " + settings.bitratesKbps().length
                + "-level ladder " + Arrays.toString(settings.bitratesKbps()) + " kbps but the video " + video.name()
                + " has " + video.levels() + " levels " + Arrays.toString(video.bitratesKbps())
                + "; adapt a model on a ladder with as many levels");
    }
}
