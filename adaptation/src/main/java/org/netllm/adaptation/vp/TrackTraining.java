package org.netllm.adaptation.vp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.model.Autograd;
import org.netllm.adapt.train.AdamW;
import org.netllm.adapt.train.WeightSnapshot;
import org.netllm.controller.vp.learned.HistoryFeatures;
import org.netllm.controller.vp.learned.TrackModel;
import org.netllm.controller.vp.learned.TrackPredictor;
import org.netllm.controller.vp.learned.VpTask;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.errors.InvalidInputException;

/**
 * Trains TRACK (position-only) on training traces: Adam on the squared (or absolute) error of the rolled-out
 * offsets (in the features' offset units), cosine-decayed learning rate, the kept weights chosen by pooled MAE on validation.
 */
public final class TrackTraining {

    /**
     * One run.
     *
     * @param hidden        LSTM state width
     * @param hw            history samples
     * @param pw            future samples rolled out in training
     * @param steps         optimizer steps
     * @param batchSize     samples per step
     * @param learningRate  peak rate (a half cosine down to a tenth of it)
     * @param validateEvery steps between validations
     * @param trainStride   samples between training anchors
     * @param loss          what training minimises
     * @param seed          seeds initialisation and batch sampling
     */
    public record Settings(int hidden, int hw, int pw, int steps, int batchSize, double learningRate,
                           int validateEvery, int trainStride, VpLoss loss, long seed) {
        public Settings {
            if (hidden < 1 || hw < 1 || pw < 1 || steps < 1 || batchSize < 1 || !(learningRate > 0) || validateEvery < 1
                    || trainStride < 1 || loss == null) {
                throw new IllegalArgumentException("invalid TRACK settings: hidden " + hidden + ", hw " + hw + ", pw "
                        + pw + ", steps " + steps + ", batch " + batchSize + ", lr " + learningRate
                        + ", validate every " + validateEvery + ", stride " + trainStride);
            }
        }

        public TrackPredictor.TrackConfig config() {
            return new TrackPredictor.TrackConfig(TrackPredictor.TrackConfig.TASK, hidden, hw, pw, VpTask.INPUTS);
        }
    }

    /** Progress after each step: the step (1-based), its loss, and the last validation note. */
    @FunctionalInterface
    public interface Progress {
        void update(int step, double loss, String note);
    }

    /** A finished run: the model (best validated weights), validations ({step, MAE}), the kept step. */
    public record Result(TrackModel model, List<double[]> validations, int bestStep, double bestMae,
                         int trainingSamples, long parameters, double seconds) {
    }

    /** Global gradient-norm clip: an LSTM rolled out over 30 steps can take an exploding gradient. */
    static final double CLIP_NORM = 1.0;

    private TrackTraining() {
    }

    /** @param manager owns the model; close it when the model is no longer needed */
    public static Result run(List<HeadTrace> training, List<VpSample> validation, Settings s, Progress progress,
                             NDManager manager) {
        List<float[]> xs = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        int w = HistoryFeatures.WIDTH;
        for (HeadTrace trace : training) {
            for (VpSample sample : VpSamples.dense(trace, s.hw(), s.pw(), s.trainStride())) {
                float[][] f = HistoryFeatures.of(sample.history(), s.hw());
                float[] x = new float[s.hw() * w];
                for (int i = 0; i < s.hw(); i++) {
                    System.arraycopy(f[i], 0, x, i * w, w);
                }
                xs.add(x);
                ys.add(HistoryFeatures.target(sample.history(), sample.future()));
            }
        }
        if (xs.isEmpty()) {
            throw new InvalidInputException("the training traces hold no window of hw " + s.hw() + " + pw " + s.pw());
        }
        Engine.getInstance().setRandomSeed((int) s.seed());
        TrackModel model = new TrackModel(s.hidden(), s.pw());
        model.initialize(manager, DataType.FLOAT32, new Shape(s.batchSize(), s.hw(), w));
        List<Parameter> parameters = model.getParameters().values();
        long count = parameters.stream().mapToLong(p -> p.getArray().size()).sum();
        Autograd.disableOnThisThread();
        AdamW adam = new AdamW(parameters, manager, 0); // weight decay 0: plain Adam
        ParameterStore store = new ParameterStore(manager, false);
        TrackPredictor predictor = new TrackPredictor("track", model, manager);
        Random random = new Random(s.seed());
        float toOffsetUnits = (float) (HistoryFeatures.TARGET_SCALE / HistoryFeatures.OFFSET_SCALE);
        List<double[]> validations = new ArrayList<>();
        WeightSnapshot best = null;
        int bestStep = s.steps();
        double bestMae = Double.NaN;
        String note = "";
        long start = System.nanoTime();
        for (int step = 0; step < s.steps(); step++) {
            double loss;
            try (NDManager batch = manager.newSubManager(); NDScope scope = new NDScope()) {
                float[] x = new float[s.batchSize() * s.hw() * w];
                float[] y = new float[s.batchSize() * s.pw() * 3];
                for (int i = 0; i < s.batchSize(); i++) {
                    int row = random.nextInt(xs.size());
                    System.arraycopy(xs.get(row), 0, x, i * xs.get(row).length, xs.get(row).length);
                    System.arraycopy(ys.get(row), 0, y, i * ys.get(row).length, ys.get(row).length);
                }
                NDArray input = batch.create(x, new Shape(s.batchSize(), s.hw(), w));
                NDArray target = batch.create(y, new Shape(s.batchSize(), s.pw(), 3));
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray predicted = model.rollout(store, input, s.pw(), true);
                    NDArray l = s.loss().of(predicted.mul(toOffsetUnits), target.mul(toOffsetUnits));
                    collector.backward(l);
                    loss = l.getFloat();
                }
                double progressShare = step / (double) Math.max(1, s.steps() - 1);
                adam.clippedStep(s.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progressShare))), CLIP_NORM);
            }
            int done = step + 1;
            if (done % s.validateEvery() == 0 || done == s.steps()) {
                double mae = VpEvaluation.score(predictor, validation, s.pw()).mae();
                validations.add(new double[] {done, mae});
                // A diverged model (NaN) is never kept.
                if (Double.isFinite(mae) && (Double.isNaN(bestMae) || mae < bestMae)) {
                    bestMae = mae;
                    bestStep = done;
                    if (best != null) {
                        best.close();
                    }
                    best = WeightSnapshot.of(parameters, manager);
                }
                note = String.format(java.util.Locale.ROOT, "val MAE %.3f best %.3f@%d", mae, bestMae, bestStep);
            }
            progress.update(done, loss, note);
        }
        if (best == null) {
            throw new InvalidInputException("TRACK training diverged: every validation was NaN; lower --lr");
        }
        best.writeTo(parameters);
        return new Result(model, validations, bestStep, bestMae, xs.size(), count, (System.nanoTime() - start) / 1e9);
    }
}
