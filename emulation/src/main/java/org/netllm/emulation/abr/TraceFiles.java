package org.netllm.emulation.abr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.netllm.errors.InvalidInputException;

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
            if (time < 0) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": negative time " + fields[0]
                        + " (times are seconds from the trace's start, 0 or more)");
            }
            // The simulator never uses the first sample's bandwidth (a segment's rate is its end sample's), so a
            // trace whose only positive rate is the first would never deliver a byte.
            anyPositive |= bw > 0 && !samples.isEmpty();
            samples.add(new double[] {time, bw});
        }
        if (samples.size() < 2) {
            throw new InvalidInputException(file + ": a trace needs at least 2 samples, found " + samples.size());
        }
        if (!anyPositive) {
            throw new InvalidInputException(file + ": no sample after the first has a positive bandwidth, so nothing"
                    + " could ever be downloaded; fix the bandwidth column");
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

    /** Writes one trace in the data set's format (tab-separated, one sample per line). */
    public static void write(Trace trace, Path file) {
        StringBuilder text = new StringBuilder(trace.length() * 16);
        for (int i = 0; i < trace.length(); i++) {
            text.append(trace.timesSeconds()[i]).append('\t').append(trace.mbps()[i]).append('\n');
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write trace " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes every trace into {@code dir} (created if missing), one file per trace named after it. */
    public static void writeDirectory(List<Trace> traces, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create trace directory " + dir + ": " + e.getMessage(), e);
        }
        for (Trace trace : traces) {
            write(trace, dir.resolve(trace.name()));
        }
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
