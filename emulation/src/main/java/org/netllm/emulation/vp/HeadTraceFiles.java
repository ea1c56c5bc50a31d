package org.netllm.emulation.vp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.netllm.emulation.csv.CsvFile;
import org.netllm.errors.InvalidInputException;

/**
 * Reads head-movement traces in the data set's layout, {@code DATASET/videoN/5Hz/simple_5Hz_userM.csv} with
 * lines {@code t,roll,pitch,yaw} in degrees. Malformed content is reported with its file and line.
 */
public final class HeadTraceFiles {

    private static final Pattern VIDEO = Pattern.compile("video(\\d+)");
    private static final Pattern USER = Pattern.compile("simple_5Hz_user(\\d+)\\.csv");

    private HeadTraceFiles() {
    }

    /** The file of one video and user under a data-set folder. */
    public static Path file(Path dataset, int video, int user) {
        return dataset.resolve("video" + video).resolve("5Hz").resolve("simple_5Hz_user" + user + ".csv");
    }

    /** Every (video, user) pair of a split, videos outer and users inner, in the split's order. */
    public static List<HeadTrace> read(Path dataset, VpSplit split) {
        if (!Files.isDirectory(dataset)) {
            throw new InvalidInputException("viewport data set " + dataset + " does not exist; point --data-dir or "
                    + "NETLLM_DATA at the folder holding vp/" + split.dataset());
        }
        List<HeadTrace> traces = new ArrayList<>(split.videos().size() * split.users().size());
        for (int video : split.videos()) {
            Path folder = dataset.resolve("video" + video).resolve("5Hz");
            if (!Files.isDirectory(folder)) {
                throw new InvalidInputException("video folder " + folder + " of the " + split + " split is missing;"
                        + " the data set needs video" + video + "/5Hz/");
            }
            for (int user : split.users()) {
                Path file = file(dataset, video, user);
                if (!Files.isRegularFile(file)) {
                    throw new InvalidInputException("user trace " + file + " of the " + split + " split is missing");
                }
                traces.add(read(file, video, user));
            }
        }
        return traces;
    }

    /** Every {@code videoN/5Hz/simple_5Hz_userM.csv} under {@code dir}, by video then user number. */
    public static List<HeadTrace> readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("trace directory " + dir + " does not exist");
        }
        List<HeadTrace> traces = new ArrayList<>();
        try (Stream<Path> videos = Files.list(dir)) {
            for (Path videoDir : videos.filter(Files::isDirectory).toList()) {
                Matcher v = VIDEO.matcher(videoDir.getFileName().toString());
                Path folder = videoDir.resolve("5Hz");
                if (!v.matches() || !Files.isDirectory(folder)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Matcher u = USER.matcher(file.getFileName().toString());
                        if (u.matches()) {
                            traces.add(read(file, Integer.parseInt(v.group(1)), Integer.parseInt(u.group(1))));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot list trace directory " + dir + ": " + e.getMessage(), e);
        }
        if (traces.isEmpty()) {
            throw new InvalidInputException("trace directory " + dir + " holds no videoN/5Hz/simple_5Hz_userM.csv "
                    + "files");
        }
        traces.sort(Comparator.comparingInt(HeadTrace::video).thenComparingInt(HeadTrace::user));
        return traces;
    }

    /** One trace file. */
    public static HeadTrace read(Path file, int video, int user) {
        List<CsvFile.Row> lines = CsvFile.read(file, "head trace");
        List<double[]> rows = new ArrayList<>(lines.size());
        double previousTime = Double.NEGATIVE_INFINITY;
        for (CsvFile.Row row : lines) {
            String where = file + ":" + row.line() + ": ";
            List<String> fields = row.cells();
            if (fields.size() < 4) {
                throw new InvalidInputException(where + "expected 't,roll,pitch,yaw', got '" + row + "'");
            }
            double[] v = new double[4];
            for (int f = 0; f < 4; f++) {
                try {
                    v[f] = Double.parseDouble(fields.get(f));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + "field " + (f + 1) + " '" + fields.get(f)
                            + "' is not a number");
                }
                if (!Double.isFinite(v[f])) {
                    throw new InvalidInputException(where + "field " + (f + 1) + " is not finite");
                }
            }
            if (v[0] <= previousTime) {
                throw new InvalidInputException(where + "time " + v[0] + " does not increase (previous sample at "
                        + previousTime + ")");
            }
            previousTime = v[0];
            if (v[2] < -90 || v[2] > 90) {
                throw new InvalidInputException(where + "pitch " + v[2] + " is outside [-90, 90] degrees");
            }
            for (int f : new int[] {1, 3}) {
                if (v[f] < -180 || v[f] > 180) {
                    throw new InvalidInputException(where + (f == 1 ? "roll " : "yaw ") + v[f]
                            + " is outside [-180, 180] degrees");
                }
            }
            rows.add(new double[] {v[1], v[2], v[3]});
        }
        return new HeadTrace(video, user, file, rows.toArray(double[][]::new));
    }
}
