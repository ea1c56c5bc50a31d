package org.netllm.emulation.cjs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.emulation.csv.CsvFile;
import org.netllm.errors.InvalidInputException;

/**
 * Job files: CSV {@code job,arrival_ms,query,size}, one row per job in job order, {@code arrival_ms} a double
 * written so that it reads back exactly (Java's shortest round-trip form, as Python's repr).
 */
public final class JobFiles {

    public static final String HEADER = "job,arrival_ms,query,size";

    private JobFiles() {
    }

    /** Reads and checks a job file: every column, ids 0.., non-decreasing arrivals from 0, known query and size. */
    public static List<JobSpec> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("job file " + file + " does not exist (write one with 'netllm cjs "
                    + "generate jobs --seed S --out FILE')");
        }
        List<CsvFile.Row> rows = CsvFile.read(file, "job file");
        String header = rows.isEmpty() || rows.get(0).line() != 1 ? "" : rows.get(0).toString();
        if (!header.equals(HEADER)) {
            throw new InvalidInputException("job file " + file + " line 1: the header must be '" + HEADER + "', got '"
                    + header + "'");
        }
        List<JobSpec> jobs = new ArrayList<>();
        double previous = 0;
        for (CsvFile.Row row : rows.subList(1, rows.size())) {
            String where = "job file " + file + " line " + row.line();
            String[] cells = row.cells().toArray(String[]::new);
            if (cells.length != 4) {
                throw new InvalidInputException(where + ": expected 4 columns (" + HEADER + "), got " + cells.length);
            }
            int id;
            try {
                id = Integer.parseInt(cells[0].strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + ": job '" + cells[0] + "' is not an integer");
            }
            if (id != jobs.size()) {
                throw new InvalidInputException(where + ": job " + id + " out of order; rows must be jobs 0, 1, 2, … "
                        + "(expected " + jobs.size() + ")");
            }
            double arrival;
            try {
                arrival = Double.parseDouble(cells[1].strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + ": arrival_ms '" + cells[1] + "' is not a number");
            }
            if (!Double.isFinite(arrival) || arrival < 0) {
                throw new InvalidInputException(where + ": arrival_ms " + cells[1] + " must be finite and >= 0");
            }
            if (arrival < previous) {
                throw new InvalidInputException(where + ": arrival_ms " + cells[1] + " is before the previous job's "
                        + previous + "; arrivals must not decrease");
            }
            int query;
            try {
                query = Integer.parseInt(cells[2].strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + ": query '" + cells[2] + "' is not an integer 1.."
                        + TpchLibrary.QUERIES);
            }
            if (query < 1 || query > TpchLibrary.QUERIES) {
                throw new InvalidInputException(where + ": unknown query " + query + " (TPC-H queries are 1.."
                        + TpchLibrary.QUERIES + ")");
            }
            String size = cells[3].strip();
            if (!TpchLibrary.SIZES.contains(size)) {
                throw new InvalidInputException(where + ": unknown size '" + size + "' (sizes: "
                        + String.join(", ", TpchLibrary.SIZES) + ")");
            }
            jobs.add(new JobSpec(id, arrival, query, size));
            previous = arrival;
        }
        if (jobs.isEmpty()) {
            throw new InvalidInputException("job file " + file + " has no jobs");
        }
        return jobs;
    }

    /** Writes a job file. */
    public static void write(Path file, List<JobSpec> jobs) {
        List<String> lines = new ArrayList<>(jobs.size() + 1);
        lines.add(HEADER);
        for (JobSpec j : jobs) {
            lines.add(CsvFile.line(Integer.toString(j.id()), Double.toString(j.arrivalMs()), Integer.toString(j.query()),
                    j.size()));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, lines);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write job file " + file + ": " + e.getMessage(), e);
        }
    }
}
