package org.netllm.controller.vp;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.netllm.errors.InvalidInputException;

/**
 * Viewport predictors by the names the command line uses: {@code lr}, {@code velocity}, {@code lr-unwrapped},
 * {@code velocity-unwrapped}, {@code static}, {@code track:default}, {@code track:DIR}, {@code netllm:default}, {@code netllm:DIR}.
 */
public final class VpPredictors {

    /** The classic predictors' names. */
    public static final List<String> CLASSIC = List.of("lr", "velocity", "lr-unwrapped", "velocity-unwrapped",
            "static");
    public static final String TRACK_PREFIX = "track:";
    public static final String NETLLM_PREFIX = "netllm:";
    /** Where {@code track:default} lives, relative to the project root. */
    public static final String DEFAULT_TRACK = "models/vp-track";
    /** Where {@code netllm:default} lives, relative to the project root. */
    public static final String DEFAULT_NETLLM = "models/vp-default";

    private VpPredictors() {
    }

    /**
     * The predictor a spec names; learned ones are loaded (close them when they are {@link AutoCloseable}).
     *
     * @param projectRoot resolves {@code :default}
     */
    public static ViewportPredictor byName(String spec, Path projectRoot) {
        String s = spec.strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "lr":
                return new LinearRegression(YawHandling.RAW);
            case "velocity":
                return new Velocity(YawHandling.RAW);
            case "lr-unwrapped":
                return new LinearRegression(YawHandling.UNWRAPPED);
            case "velocity-unwrapped":
                return new Velocity(YawHandling.UNWRAPPED);
            case "static":
                return new Static();
            default:
                break;
        }
        if (s.startsWith(NETLLM_PREFIX)) {
            return org.netllm.controller.vp.learned.NetllmVpPredictor.load(s, directory(s, NETLLM_PREFIX,
                    DEFAULT_NETLLM, projectRoot, "netllm vp adapt"));
        }
        if (s.startsWith(TRACK_PREFIX)) {
            return org.netllm.controller.vp.learned.TrackPredictor.load(s, directory(s, TRACK_PREFIX, DEFAULT_TRACK,
                    projectRoot, "netllm vp train-track"));
        }
        throw new InvalidInputException("unknown viewport predictor '" + spec + "'; use one of "
                + String.join(", ", CLASSIC) + ", track:default, track:DIR, netllm:default, netllm:DIR");
    }

    private static Path directory(String spec, String prefix, String defaultDir, Path projectRoot, String maker) {
        String target = spec.substring(prefix.length());
        if (target.isEmpty()) {
            throw new InvalidInputException("predictor '" + spec + "' names no model; write " + prefix + "default or "
                    + prefix + "DIR with the folder '" + maker + " --out' wrote");
        }
        Path dir = target.equals("default") ? projectRoot.resolve(defaultDir) : Path.of(target);
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new InvalidInputException("predictor '" + spec + "': model folder " + dir + " does not exist; "
                    + "make one with '" + maker + " --out DIR'");
        }
        return dir;
    }
}
