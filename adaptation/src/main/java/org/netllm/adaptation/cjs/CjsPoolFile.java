package org.netllm.adaptation.cjs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.errors.InvalidInputException;

/**
 * The CJS experience pool file, version 1 (documented in {@code adaptation/README.md}): the magic {@code NLCP} and
 * the version uncompressed, then a gzip stream of big-endian data: the header (seed, executors, jobs, scheduler
 * names, the DAG templates' parents), the episodes (each after a 1 byte; a 0 byte ends the list), a CRC-32 of the
 * uncompressed data before it and the end magic {@code PCLN}. A truncated or altered file is refused with a message.
 * Edges are not stored: the reader rebuilds them from the templates, in the simulator's order.
 */
public final class CjsPoolFile {

    /** "NLCP": NetLLM CJS Pool. */
    public static final int MAGIC = 0x4E4C4350;
    /** "PCLN", after the checksum. */
    public static final int END_MAGIC = 0x50434C4E;
    public static final int VERSION = 1;

    private CjsPoolFile() {
    }

    /** Writes episodes one by one (so a large pool never sits in memory), atomically on {@link #close()}. */
    public static final class Writer implements AutoCloseable {
        private final Path file;
        private final Path partial;
        private final OutputStream raw;
        private final DataOutputStream out;
        private final CRC32 crc = new CRC32();
        private final DataOutputStream checked;
        private final int templateCount;
        private final int schedulerCount;
        private boolean closed;

        public Writer(Path file, long seed, int executors, int jobs, List<String> schedulers,
                      List<CjsExperiencePool.Template> templates) {
            this.file = file;
            Path parent = file.toAbsolutePath().getParent();
            this.partial = parent.resolve(file.getFileName() + ".partial");
            this.templateCount = templates.size();
            this.schedulerCount = schedulers.size();
            try {
                Files.createDirectories(parent);
                raw = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                DataOutputStream head = new DataOutputStream(raw);
                head.writeInt(MAGIC);
                head.writeShort(VERSION);
                head.flush();
                out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16));
                checked = new DataOutputStream(new CheckedOutputStream(out, crc));
                checked.writeLong(seed);
                checked.writeInt(executors);
                checked.writeInt(jobs);
                checked.writeByte(schedulers.size());
                for (String s : schedulers) {
                    checked.writeUTF(s);
                }
                checked.writeShort(templates.size());
                for (CjsExperiencePool.Template t : templates) {
                    checked.writeByte(t.query());
                    checked.writeUTF(t.size());
                    checked.writeByte(t.parents().length);
                    for (int[] ps : t.parents()) {
                        checked.writeByte(ps.length);
                        for (int p : ps) {
                            checked.writeByte(p);
                        }
                    }
                }
            } catch (IOException e) {
                throw new InvalidInputException("cannot write experience pool " + file + ": " + e.getMessage(), e);
            }
        }

        /** Appends one episode. */
        public void append(CjsExperiencePool.Episode e) {
            try {
                if (e.scheduler() >= schedulerCount) {
                    throw new IllegalArgumentException("scheduler " + e.scheduler() + " of " + schedulerCount);
                }
                checked.writeByte(1);
                checked.writeLong(e.seed());
                checked.writeByte(e.scheduler());
                checked.writeShort(e.jobs().size());
                for (CjsExperiencePool.Job j : e.jobs()) {
                    if (j.template() >= templateCount) {
                        throw new IllegalArgumentException("template " + j.template() + " of " + templateCount);
                    }
                    checked.writeShort(j.template());
                    checked.writeDouble(j.arrivalMs());
                }
                checked.writeInt(e.steps().size());
                for (CjsExperiencePool.Step s : e.steps()) {
                    writeStep(checked, s);
                }
                checked.writeDouble(e.avgJctS());
            } catch (IOException ex) {
                throw new InvalidInputException("cannot write experience pool " + file + ": " + ex.getMessage(), ex);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                checked.writeByte(0);
                checked.flush();
                out.writeInt((int) crc.getValue());
                out.writeInt(END_MAGIC);
                out.close();
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new InvalidInputException("cannot write experience pool " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static void writeStep(DataOutputStream out, CjsExperiencePool.Step step) throws IOException {
        CjsObservation o = step.observation();
        out.writeShort(o.committable());
        out.writeShort(o.sourceJob());
        out.writeShort(o.jobCount());
        for (int j = 0; j < o.jobCount(); j++) {
            out.writeShort(o.jobIds()[j]);
            out.writeShort(o.supplies()[j]);
            out.writeShort(o.jobStart()[j + 1] - o.jobStart()[j]);
        }
        for (int i = 0; i < o.nodeCount(); i++) {
            out.writeByte(o.stageIds()[i]);
            out.writeInt(o.remainingTasks()[i]);
            out.writeDouble(o.recentDurationMs()[i]);
        }
        out.writeShort(o.schedulable().length);
        for (int node : o.schedulable()) {
            out.writeShort(node);
        }
        out.writeShort(step.action().stage());
        out.writeShort(step.action().executors());
        out.writeByte(step.explored() ? 1 : 0);
        out.writeDouble(step.reward());
    }

    /** Reads a whole pool; a missing, truncated, corrupted or incompatible file is an {@link InvalidInputException}. */
    public static CjsExperiencePool read(Path file) {
        List<CjsExperiencePool.Episode> episodes = new ArrayList<>();
        CjsExperiencePool header = stream(file, episodes::add);
        return new CjsExperiencePool(header.seed(), header.executors(), header.jobs(), header.schedulers(),
                header.templates(), episodes);
    }

    /**
     * Reads a pool episode by episode, handing each to {@code consumer} as soon as it is decoded, so a pool larger
     * than memory can be scanned; returns the header (its episode list empty). The checksum is verified at the end:
     * an altered file throws after the consumer has seen its episodes.
     */
    public static CjsExperiencePool stream(Path file, java.util.function.Consumer<CjsExperiencePool.Episode> consumer) {
        if (Files.isDirectory(file)) {
            return streamShards(file, consumer);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("CJS experience pool " + file + " does not exist; make one with"
                    + " 'netllm cjs collect --out " + file + "'");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString(), consumer);
        } catch (EOFException e) {
            throw new InvalidInputException("CJS experience pool " + file + " is truncated; it was not written "
                    + "completely: collect it again with 'netllm cjs collect'", e);
        } catch (ZipException e) {
            throw corrupted(file.toString(), "its compressed data is damaged (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read CJS experience pool " + file + ": " + e.getMessage(), e);
        }
    }

    /** The shard folder of a collection, shard after shard, each checked, as one pool. */
    private static CjsExperiencePool streamShards(Path dir,
                                                  java.util.function.Consumer<CjsExperiencePool.Episode> consumer) {
        org.netllm.adaptation.PoolShards.requireComplete(dir, "'netllm cjs collect'");
        CjsExperiencePool first = null;
        for (Path shard : org.netllm.adaptation.PoolShards.shardFiles(dir)) {
            CjsExperiencePool header = stream(shard, consumer);
            if (first == null) {
                first = header;
            } else if (header.seed() != first.seed() || header.executors() != first.executors()
                    || header.jobs() != first.jobs() || !header.schedulers().equals(first.schedulers())
                    || header.templates().size() != first.templates().size()) {
                throw new InvalidInputException("shard " + shard + " belongs to another collection than the first"
                        + " shard of " + dir + " (seed, executors, jobs, schedulers or job templates differ)");
            }
        }
        return first;
    }

    static CjsExperiencePool read(InputStream source, String where,
                                  java.util.function.Consumer<CjsExperiencePool.Episode> consumer) throws IOException {
        DataInputStream head = new DataInputStream(source);
        if (head.readInt() != MAGIC) {
            throw new InvalidInputException(where + " is not a CJS experience pool (it does not start with NLCP); "
                    + "pass a file written by 'netllm cjs collect'");
        }
        int version = head.readUnsignedShort();
        if (version != VERSION) {
            throw new InvalidInputException("CJS experience pool " + where + " has format version " + version
                    + ", this build reads version " + VERSION + "; collect it again with this build");
        }
        DataInputStream body = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source, 1 << 16), 1 << 16));
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new CheckedInputStream(body, crc));
        long seed = in.readLong();
        int executors = in.readInt();
        int jobs = in.readInt();
        int schedulerCount = in.readUnsignedByte();
        List<String> schedulers = new ArrayList<>();
        for (int i = 0; i < schedulerCount; i++) {
            schedulers.add(in.readUTF());
        }
        int templateCount = in.readUnsignedShort();
        List<CjsExperiencePool.Template> templates = new ArrayList<>();
        int[][][] children = new int[templateCount][][];
        for (int t = 0; t < templateCount; t++) {
            int query = in.readUnsignedByte();
            String size = in.readUTF();
            int stages = in.readUnsignedByte();
            int[][] parents = new int[stages][];
            for (int s = 0; s < stages; s++) {
                parents[s] = new int[in.readUnsignedByte()];
                for (int k = 0; k < parents[s].length; k++) {
                    parents[s][k] = in.readUnsignedByte();
                    if (parents[s][k] >= stages) {
                        throw corrupted(where, "template " + t + " stage " + s + " has parent " + parents[s][k]);
                    }
                }
            }
            templates.add(new CjsExperiencePool.Template(query, size, parents));
            children[t] = childrenOf(parents);
        }
        int episodeCount = 0;
        while (true) {
            int marker = in.readUnsignedByte();
            if (marker == 0) {
                break;
            }
            if (marker != 1) {
                throw corrupted(where, "episode " + episodeCount + " starts with " + marker);
            }
            long episodeSeed = in.readLong();
            int scheduler = in.readUnsignedByte();
            if (scheduler >= schedulerCount) {
                throw corrupted(where, "episode " + episodeCount + " names scheduler " + scheduler);
            }
            int jobCount = in.readUnsignedShort();
            List<CjsExperiencePool.Job> jobList = new ArrayList<>(jobCount);
            for (int j = 0; j < jobCount; j++) {
                int template = in.readUnsignedShort();
                if (template >= templateCount) {
                    throw corrupted(where, "episode " + episodeCount + " job " + j + " names template " + template);
                }
                jobList.add(new CjsExperiencePool.Job(template, in.readDouble()));
            }
            int stepCount = in.readInt();
            if (stepCount < 0) {
                throw corrupted(where, "negative step count");
            }
            List<CjsExperiencePool.Step> steps = new ArrayList<>(Math.min(stepCount, 1 << 16));
            for (int k = 0; k < stepCount; k++) {
                steps.add(readStep(in, where, k, executors, jobList, children));
            }
            consumer.accept(new CjsExperiencePool.Episode(episodeSeed, scheduler, jobList, steps, in.readDouble()));
            episodeCount++;
        }
        long expected = crc.getValue();
        int stored = body.readInt();
        if (body.readInt() != END_MAGIC) {
            throw corrupted(where, "the end marker is missing");
        }
        if (stored != (int) expected) {
            throw corrupted(where, "its checksum does not match its contents");
        }
        if (body.read() != -1) {
            throw corrupted(where, "bytes follow the end marker");
        }
        return new CjsExperiencePool(seed, executors, jobs, schedulers, templates, List.of());
    }

    private static CjsExperiencePool.Step readStep(DataInputStream in, String where, int decision, int executors,
                                                   List<CjsExperiencePool.Job> jobs, int[][][] children)
            throws IOException {
        int committable = in.readShort();
        int sourceJob = in.readShort();
        int jobCount = in.readUnsignedShort();
        int[] jobIds = new int[jobCount];
        int[] supplies = new int[jobCount];
        int[] jobStart = new int[jobCount + 1];
        for (int j = 0; j < jobCount; j++) {
            jobIds[j] = in.readUnsignedShort();
            supplies[j] = in.readShort();
            jobStart[j + 1] = jobStart[j] + in.readUnsignedShort();
            if (jobIds[j] >= jobs.size()) {
                throw corrupted(where, "decision " + decision + " names job " + jobIds[j]);
            }
        }
        int nodes = jobStart[jobCount];
        int[] stageIds = new int[nodes];
        int[] remaining = new int[nodes];
        double[] recent = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            stageIds[i] = in.readUnsignedByte();
            remaining[i] = in.readInt();
            recent[i] = in.readDouble();
        }
        int[] schedulable = new int[in.readUnsignedShort()];
        for (int p = 0; p < schedulable.length; p++) {
            schedulable[p] = in.readUnsignedShort();
            if (schedulable[p] >= nodes) {
                throw corrupted(where, "decision " + decision + " lists node " + schedulable[p] + " of " + nodes);
            }
        }
        CjsAction action = new CjsAction(in.readShort(), in.readShort());
        boolean explored = in.readUnsignedByte() == 1;
        double reward = in.readDouble();
        // Edges between active stages of each job, parent by parent in node order, children ascending.
        int[] parents = new int[16];
        int[] childs = new int[16];
        int edges = 0;
        for (int j = 0; j < jobCount; j++) {
            int[][] ch = children[jobs.get(jobIds[j]).template()];
            int[] nodeOfStage = new int[ch.length];
            Arrays.fill(nodeOfStage, -1);
            for (int i = jobStart[j]; i < jobStart[j + 1]; i++) {
                if (stageIds[i] >= ch.length) {
                    throw corrupted(where, "decision " + decision + " has stage " + stageIds[i]);
                }
                nodeOfStage[stageIds[i]] = i;
            }
            for (int i = jobStart[j]; i < jobStart[j + 1]; i++) {
                for (int c : ch[stageIds[i]]) {
                    if (nodeOfStage[c] < 0) {
                        continue;
                    }
                    if (edges == parents.length) {
                        parents = Arrays.copyOf(parents, edges * 2);
                        childs = Arrays.copyOf(childs, edges * 2);
                    }
                    parents[edges] = i;
                    childs[edges] = nodeOfStage[c];
                    edges++;
                }
            }
        }
        CjsObservation obs = new CjsObservation(decision, executors, committable, sourceJob, jobIds, supplies, jobStart,
                stageIds, remaining, recent, Arrays.copyOf(parents, edges), Arrays.copyOf(childs, edges), schedulable);
        return new CjsExperiencePool.Step(obs, action, explored, reward);
    }

    static int[][] childrenOf(int[][] parents) {
        int n = parents.length;
        List<List<Integer>> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            out.add(new ArrayList<>());
        }
        for (int s = 0; s < n; s++) {
            for (int p : parents[s]) {
                out.get(p).add(s);
            }
        }
        int[][] children = new int[n][];
        for (int s = 0; s < n; s++) {
            children[s] = out.get(s).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return children;
    }

    private static InvalidInputException corrupted(String where, String what) {
        return new InvalidInputException("CJS experience pool " + where + " is corrupted: " + what
                + "; collect it again with 'netllm cjs collect'");
    }
}
