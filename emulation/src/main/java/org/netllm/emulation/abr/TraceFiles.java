package org.netllm.emulation.abr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.netllm.controller.InvalidInputException;

/** Reads bandwidth traces in the data set's format: one "time_seconds bandwidth_Mbps" pair per line. */
public final class TraceFiles {

    private TraceFiles() {
    }

    /** Every regular file of a directory, in file-name order. */
    public static List<Trace> readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("trace directory " + dir + " does not exist; pass a folder of trace files"
                    + " or a data-set name such as fcc-test");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list trace directory " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("trace directory " + dir + " holds no trace files");
        }
        List<Trace> traces = new ArrayList<>(files.size());
        for (Path file : files) {
            traces.add(read(file));
        }
        return traces;
    }

    /** One trace file; malformed content is reported with its file and line. */
    public static Trace read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
        List<double[]> samples = new ArrayList<>(lines.size());
        boolean anyPositive = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length < 2) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": expected 'time_seconds bandwidth_Mbps', got '"
                        + line + "'");
            }
            double time = parse(fields[0], file, i + 1, "time");
            double bw = parse(fields[1], file, i + 1, "bandwidth");
            if (bw < 0) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": negative bandwidth " + fields[1]);
            }
            if (!samples.isEmpty() && time <= samples.get(samples.size() - 1)[0]) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": time " + fields[0]
                        + " does not increase (times must be strictly increasing)");
            }
            anyPositive |= bw > 0;
            samples.add(new double[] {time, bw});
        }
        if (samples.size() < 2) {
            throw new InvalidInputException(file + ": a trace needs at least 2 samples, found " + samples.size());
        }
        if (!anyPositive) {
            throw new InvalidInputException(file + ": no sample has a positive bandwidth");
        }
        double[] times = new double[samples.size()];
        double[] mbps = new double[samples.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = samples.get(i)[0];
            mbps[i] = samples.get(i)[1];
        }
        return new Trace(file.getFileName().toString(), times, mbps);
    }

    /** One start pointer per line, as {@code fcc-test-start-pointers.txt}. */
    public static int[] readStartPointers(Path file, List<Trace> traces) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read start pointers " + file + ": " + e.getMessage(), e);
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int p;
            try {
                p = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": not an integer start pointer: '" + line + "'");
            }
            int index = values.size();
            if (index < traces.size() && (p < 1 || p >= traces.get(index).length())) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": start pointer " + p + " is outside trace "
                        + traces.get(index).name() + " (valid: 1.." + (traces.get(index).length() - 1) + ")");
            }
            values.add(p);
        }
        if (values.size() != traces.size()) {
            throw new InvalidInputException(file + ": " + values.size() + " start pointers for " + traces.size()
                    + " traces; give exactly one per trace, in file-name order");
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double parse(String field, Path file, int line, String what) {
        try {
            double v = Double.parseDouble(field);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + ":" + line + ": " + what + " '" + field + "' is not a number");
        }
    }
}
