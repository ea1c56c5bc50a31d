package org.netllm.emulation.abr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.netllm.controller.abr.Video;
import org.netllm.errors.InvalidInputException;

/**
 * A randomised world to learn ABR in, read from one recipe file (the project's is
 * {@code adaptation/recipes/abr-world.json}, documented in {@code docs/abr-world.md}): every session draws a link
 * (an FCC trace scaled by a random factor, or a Markov trace over a wide range of rates and switching speeds), maybe
 * with outages, a round trip, and a video (Envivio, or a random ladder of another level count and range, chunk sizes
 * rescaled from Envivio's with random jitter), and a start in the trace.
 *
 * <p>Session {@code i} of a split is a pure function of (recipe, the split's seed, i): the same sessions for any
 * thread count or order. The training and validation splits have their own seeds and FCC sets, and the recipe's
 * excluded ladders (the test SynthVideo's) are never drawn. Pure apart from {@link #read}; threadsafe.
 *
 * @param description what the world is for, in words
 * @param train       the training split
 * @param validation  the validation split
 * @param links       how links are drawn
 * @param videos      how videos are drawn
 */
public record AbrWorld(String description, Split train, Split validation, Links links, Videos videos) {

    /**
     * One split of the world.
     *
     * @param seed     the seed every session of the split is drawn from
     * @param fcc      the FCC trace set its FCC links come from (a name under abr/traces)
     * @param sessions how many sessions it has by default (validation: all of them)
     */
    public record Split(long seed, String fcc, int sessions) {
    }

    /**
     * How a link is drawn.
     *
     * @param fccShare chance that a session's link is an FCC trace (else a Markov trace)
     * @param fccScale range of the factor an FCC trace's rates are multiplied by (log-uniform)
     * @param markov   the Markov traces' parameters
     * @param outages  how outages are laid over links
     * @param rttMs    range of the round trip (log-uniform)
     */
    public record Links(double fccShare, Range fccScale, Markov markov, Outages outages, Range rttMs) {
    }

    /**
     * Markov traces ({@link SynthTrace}): the slowest state's mean, the ratio of the fastest to it (capped so the
     * fastest is at most {@code maxMbps}) and the switching chance per second are drawn log-uniformly, the state
     * count uniformly, the per-trace relative noise as SynthTrace draws it.
     */
    public record Markov(Range slowestMbps, Range fastestOverSlowest, double maxMbps, IntRange states,
                         Range switchPerSecond, Range noise, int seconds) {
    }

    /**
     * Outages: on a share of links, each second starts one with chance {@code perMinute / 60}; it lasts a uniform
     * number of seconds in {@code seconds}, during which the rate is SynthTrace's floor.
     */
    public record Outages(double share, Range perMinute, Range seconds) {
    }

    /**
     * How a video is drawn: with chance {@code envivioShare} Envivio itself, else a ladder of a uniform level count,
     * its lowest bitrate and its top-over-lowest ratio log-uniform, the levels in between geometric with each
     * step's log scaled by U(1 - stepJitter, 1 + stepJitter), rounded to 10 kbps; sizes from Envivio's by
     * {@link SynthVideo} with a jitter drawn from {@code sizeJitter}. Ladders in {@code excluded} are drawn again.
     */
    public record Videos(double envivioShare, IntRange levels, Range lowestKbps, Range topOverLowest,
                         double stepJitter, Range sizeJitter, List<int[]> excluded) {
    }

    /** A closed range of reals, written {@code [min, max]}. */
    public record Range(double min, double max) {

        @JsonCreator
        public static Range of(double[] bounds) {
            if (bounds.length != 2 || !(bounds[0] <= bounds[1])) {
                throw new IllegalArgumentException("a range is [min, max] with min <= max, got "
                        + Arrays.toString(bounds));
            }
            return new Range(bounds[0], bounds[1]);
        }

        double uniform(SplittableRandom random) {
            return min + (max - min) * random.nextDouble();
        }

        double logUniform(SplittableRandom random) {
            if (!(min > 0)) {
                throw new IllegalArgumentException("a log-uniform range needs min > 0, got [" + min + ", " + max + "]");
            }
            return Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * random.nextDouble());
        }
    }

    /** A closed range of whole numbers, written {@code [min, max]}. */
    public record IntRange(int min, int max) {

        @JsonCreator
        public static IntRange of(int[] bounds) {
            if (bounds.length != 2 || bounds[0] > bounds[1]) {
                throw new IllegalArgumentException("a whole-number range is [min, max] with min <= max, got "
                        + Arrays.toString(bounds));
            }
            return new IntRange(bounds[0], bounds[1]);
        }

        int uniform(SplittableRandom random) {
            return min + random.nextInt(max - min + 1);
        }
    }

    /** Which split a session is drawn for. */
    public enum SplitName {
        TRAIN, VALIDATION;

        public static SplitName parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "train" -> TRAIN;
                case "validation" -> VALIDATION;
                default -> throw new InvalidInputException("split '" + value + "' is neither train nor validation");
            };
        }
    }

    /**
     * One drawn session.
     *
     * @param index        its index in the split
     * @param link         the trace with its round trip
     * @param video        the video
     * @param startPointer where in the trace it starts
     * @param kind         how the link was made, e.g. {@code fcc x0.61} or {@code markov 0.4-12 Mbps}, with
     *                     {@code + outages} when it has them
     */
    public record Session(int index, Trace link, Video video, int startPointer, String kind) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** Reads a recipe; a missing file, bad JSON or a missing or unknown field is one message naming it. */
    public static AbrWorld read(Path file) {
        String how = " (see docs/abr-world.md for the fields)";
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("world recipe " + file + " cannot be read: " + e.getMessage() + how);
        }
        try {
            return JSON.readValue(text, AbrWorld.class);
        } catch (JsonMappingException e) {
            String where = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
            Throwable cause = e.getCause() instanceof IllegalArgumentException bad ? bad : e;
            String what = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new InvalidInputException("world recipe " + file + (where.isEmpty() ? "" : ", at " + where) + ": "
                    + what.lines().findFirst().orElse("invalid") + how);
        } catch (IOException e) {
            throw new InvalidInputException("world recipe " + file + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse("unreadable") + how);
        }
    }

    /** The split's settings. */
    public Split split(SplitName name) {
        return name == SplitName.TRAIN ? train : validation;
    }

    /**
     * Session {@code index} of a split: {@code fcc} are the split's FCC traces, {@code envivio} the base video (its
     * ladder's sizes are rescaled for every other ladder).
     */
    public Session session(SplitName split, int index, List<Trace> fcc, Video envivio) {
        SplittableRandom random = new SplittableRandom(mix(split(split).seed(), index));
        String kind;
        Trace link;
        String name = String.format(Locale.ROOT, "%s-%05d", split.name().toLowerCase(Locale.ROOT), index);
        if (random.nextDouble() < links.fccShare()) {
            Trace base = fcc.get(random.nextInt(fcc.size()));
            double scale = links.fccScale().logUniform(random);
            link = base.scaled(name, scale);
            kind = String.format(Locale.ROOT, "fcc x%.2f", scale);
        } else {
            Markov m = links.markov();
            double slowest = m.slowestMbps().logUniform(random);
            double fastest = Math.min(m.maxMbps(), slowest * m.fastestOverSlowest().logUniform(random));
            SynthTrace generator = new SynthTrace(slowest, fastest, m.states().uniform(random),
                    m.switchPerSecond().logUniform(random), m.noise().min(), m.noise().max(), m.seconds());
            link = generator.generate(name, random.nextLong());
            kind = String.format(Locale.ROOT, "markov %.2f-%.1f Mbps", slowest, fastest);
        }
        if (random.nextDouble() < links.outages().share()) {
            link = withOutages(link, links.outages(), random);
            kind += " + outages";
        }
        link = link.withRtt(links.rttMs().logUniform(random));
        Video video = random.nextDouble() < videos.envivioShare() ? envivio : video(name, envivio, random);
        int start = 1 + random.nextInt(link.length() - 1);
        return new Session(index, link, video, start, kind);
    }

    /** Sessions {@code 0 .. count - 1} of a split. */
    public List<Session> sessions(SplitName split, int count, List<Trace> fcc, Video envivio) {
        List<Session> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sessions.add(session(split, i, fcc, envivio));
        }
        return sessions;
    }

    private Video video(String name, Video envivio, SplittableRandom random) {
        while (true) {
            int levels = videos.levels().uniform(random);
            double lowest = videos.lowestKbps().logUniform(random);
            double step = Math.log(videos.topOverLowest().logUniform(random)) / (levels - 1);
            int[] ladder = new int[levels];
            double logRate = Math.log(lowest);
            for (int level = 0; level < levels; level++) {
                int kbps = (int) (Math.round(Math.exp(logRate) / 10.0) * 10);
                ladder[level] = level == 0 ? Math.max(10, kbps) : Math.max(ladder[level - 1] + 10, kbps);
                logRate += step * (1.0 + videos.stepJitter() * (2.0 * random.nextDouble() - 1.0));
            }
            double jitter = videos.sizeJitter().uniform(random);
            long seed = random.nextLong();
            if (videos.excluded().stream().noneMatch(e -> Arrays.equals(e, ladder))) {
                return new SynthVideo(ladder, jitter).generate(envivio, name + "-video", seed);
            }
        }
    }

    /** The link with outages laid over it (rates at SynthTrace's floor while one lasts). */
    static Trace withOutages(Trace link, Outages outages, SplittableRandom random) {
        double perSecond = outages.perMinute().logUniform(random) / 60.0;
        double[] t = link.timesSeconds();
        double[] mbps = link.mbps().clone();
        double outageEnd = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < t.length; i++) {
            // Sample i's rate holds from t[i-1] to t[i] (the simulator's reading of a trace).
            if (t[i - 1] >= outageEnd) {
                double span = t[i] - t[i - 1];
                if (random.nextDouble() < 1.0 - Math.pow(1.0 - perSecond, span)) {
                    outageEnd = t[i - 1] + outages.seconds().uniform(random);
                }
            }
            if (t[i - 1] < outageEnd) {
                mbps[i] = SynthTrace.FLOOR_MBPS;
            }
        }
        return new Trace(link.name(), t, mbps, link.rttMs());
    }

    /** SplitMix64's finaliser over (seed, index), as the experience collector seeds its episodes. */
    static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
