package org.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Forward latency of the embedded backbones as NetLLM uses them (causal, one sequence of T embeddings), and of
 * one incremental step after T cached positions. Run: see backbone/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BackboneForwardBenchmark {

    @Param({"bge-small", "minilm"})
    public String model;

    @Param({"160"})
    public int tokens;

    private NDManager manager;
    private Backbone backbone;
    private NDArray input;
    private NDArray next;
    private KvCache cache;

    @Setup(Level.Trial)
    public void load() {
        System.setProperty("ai.djl.offline", "true");
        manager = NDManager.newBaseManager();
        backbone = Backbones.load(model, BackboneOptions.pretrained(), manager);
        input = manager.randomNormal(new Shape(1, tokens, backbone.spec().hiddenSize()));
        next = manager.randomNormal(new Shape(1, 1, backbone.spec().hiddenSize()));
    }

    @Setup(Level.Invocation)
    public void fillCache() {
        if (cache != null) {
            cache.close();
        }
        cache = backbone.newCache(manager);
        try (NDManager step = manager.newSubManager()) {
            backbone.forwardIncremental(new ParameterStore(step, false), input, cache);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        manager.close();
    }

    @Benchmark
    public float forwardWholeSequence() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(step);
            return backbone.forward(new ParameterStore(step, false), new NDList(x), false).head()
                    .getFloat(0, 0, 0);
        }
    }

    @Benchmark
    public float forwardOneTokenAfterCache() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = next.duplicate();
            x.attach(step);
            return backbone.forwardIncremental(new ParameterStore(step, false), x, cache).getFloat(0, 0, 0);
        }
    }
}
