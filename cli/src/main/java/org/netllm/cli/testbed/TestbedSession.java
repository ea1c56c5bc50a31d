package org.netllm.cli.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.netllm.emulation.abr.SessionResult;

/**
 * One (trace, controller) playback of the testbed and the simulator's prediction of the same session.
 *
 * @param chunks             chunks the real player fetched (the simulated session is cut to as many)
 * @param real               QoE of what the player experienced, scored as the simulator scores
 * @param simulated          the simulator's session on the same trace, start pointer and chunk sizes
 * @param fallbacks          decisions the server's fallback answered (the controller missed its deadline)
 * @param linkThroughputMbps mean downlink throughput Mahimahi measured while the session ran
 * @param linkCapacityMbps   mean downlink capacity the trace offered meanwhile
 * @param queueDelayP95Ms    95th percentile of the downlink's queueing delay
 * @param startOffsetMs      how long after the trace started the session began (browser start-up); the
 *                           simulated session starts that far into the trace too
 */
record TestbedSession(String policy, String trace, int startPointer, int chunks, Score real, Score simulated,
                      long fallbacks, double linkThroughputMbps, double linkCapacityMbps, double queueDelayP95Ms,
                      double startOffsetMs) {

    static final String FILE = "result.properties";

    /** QoE and its three parts, as {@code results.csv} has them. */
    record Score(double qoe, double bitrateMbps, double rebufferSeconds, double smoothnessMbps) {
        static Score of(SessionResult r) {
            return new Score(r.qoe(), r.bitrateMbps(), r.rebufferSeconds(), r.smoothnessMbps());
        }
    }

    /** Real minus simulated QoE. */
    double gap() {
        return real.qoe() - simulated.qoe();
    }

    /** Written last, atomically: its presence marks the session done for resumed runs. */
    void save(Path dir) {
        Properties p = new Properties();
        p.setProperty("policy", policy);
        p.setProperty("trace", trace);
        p.setProperty("startPointer", Integer.toString(startPointer));
        p.setProperty("chunks", Integer.toString(chunks));
        put(p, "real", real);
        put(p, "sim", simulated);
        p.setProperty("fallbacks", Long.toString(fallbacks));
        p.setProperty("linkThroughputMbps", Double.toString(linkThroughputMbps));
        p.setProperty("linkCapacityMbps", Double.toString(linkCapacityMbps));
        p.setProperty("queueDelayP95Ms", Double.toString(queueDelayP95Ms));
        p.setProperty("startOffsetMs", Double.toString(startOffsetMs));
        Path tmp = dir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "netllm testbed session");
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    static TestbedSession load(Path dir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(FILE))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
        }
        return new TestbedSession(p.getProperty("policy"), p.getProperty("trace"),
                Integer.parseInt(p.getProperty("startPointer")), Integer.parseInt(p.getProperty("chunks")),
                score(p, "real"), score(p, "sim"), Long.parseLong(p.getProperty("fallbacks")),
                num(p, "linkThroughputMbps"), num(p, "linkCapacityMbps"), num(p, "queueDelayP95Ms"),
                num(p, "startOffsetMs"));
    }

    private static void put(Properties p, String prefix, Score s) {
        p.setProperty(prefix + ".qoe", Double.toString(s.qoe()));
        p.setProperty(prefix + ".bitrateMbps", Double.toString(s.bitrateMbps()));
        p.setProperty(prefix + ".rebufferSeconds", Double.toString(s.rebufferSeconds()));
        p.setProperty(prefix + ".smoothnessMbps", Double.toString(s.smoothnessMbps()));
    }

    private static Score score(Properties p, String prefix) {
        return new Score(num(p, prefix + ".qoe"), num(p, prefix + ".bitrateMbps"), num(p, prefix + ".rebufferSeconds"),
                num(p, prefix + ".smoothnessMbps"));
    }

    private static double num(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key, "NaN"));  // fields added later read as unknown
    }
}
