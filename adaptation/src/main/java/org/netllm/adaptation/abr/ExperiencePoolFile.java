package org.netllm.adaptation.abr;

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
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.netllm.adaptation.PoolShards;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

/**
 * Reads and writes an {@link ExperiencePool} in its binary file format (version 1, big-endian, documented in
 * {@code adaptation/README.md}): magic {@code NLXP}, version, header (video, QoE model, seed, policy and trace
 * names), episodes of 21 bytes per chunk, then a CRC-32 of everything before it and the end magic {@code PXLN}.
 */
public final class ExperiencePoolFile {

    /** "NLXP": NetLLM eXperience Pool. */
    public static final int MAGIC = 0x4E4C5850;
    /** "PXLN", written after the checksum so that a truncated file never passes for a whole one. */
    public static final int END_MAGIC = 0x50584C4E;
    public static final int VERSION = 1;

    private ExperiencePoolFile() {
    }

    /** Writes atomically: to a temporary sibling first, then renamed over {@code file}. */
    public static void write(ExperiencePool pool, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = parent.resolve(file.getFileName() + ".partial");
        try {
            Files.createDirectories(parent);
            try (OutputStream os = Files.newOutputStream(tmp)) {
                write(pool, os);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write experience pool " + file + ": " + e.getMessage(), e);
        }
    }

    public static void write(ExperiencePool pool, OutputStream target) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(target, 1 << 16), crc));
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        Video video = pool.video();
        out.writeUTF(video.name());
        out.writeByte(video.levels());
        for (int kbps : video.bitratesKbps()) {
            out.writeInt(kbps);
        }
        out.writeShort(video.chunkCount());
        out.writeDouble(video.chunkSeconds());
        for (int level = 0; level < video.levels(); level++) {
            for (int chunk = 0; chunk < video.chunkCount(); chunk++) {
                out.writeInt(Math.toIntExact(video.chunkBytes(chunk, level)));
            }
        }
        out.writeDouble(pool.qoe().rebufferPenaltyPerSecond());
        out.writeDouble(pool.qoe().smoothnessPenalty());
        out.writeLong(pool.seed());
        out.writeByte(pool.policies().size());
        for (String name : pool.policies()) {
            out.writeUTF(name);
        }
        out.writeShort(pool.traces().size());
        for (String name : pool.traces()) {
            out.writeUTF(name);
        }
        out.writeInt(pool.episodes().size());
        for (Episode e : pool.episodes()) {
            out.writeByte(e.policy());
            out.writeShort(e.trace());
            out.writeInt(e.startPointer());
            for (ChunkDownload d : e.downloads()) {
                out.writeByte(d.level());
                out.writeInt(Math.toIntExact(d.bytes()));
                out.writeFloat((float) d.delayMs());
                out.writeFloat((float) d.rebufferMs());
                out.writeFloat((float) d.bufferMs());
            }
            for (float r : e.rewards()) {
                out.writeFloat(r);
            }
        }
        out.flush();
        DataOutputStream trailer = new DataOutputStream(target);
        trailer.writeInt((int) crc.getValue());
        trailer.writeInt(END_MAGIC);
        trailer.flush();
    }

    /**
     * Reads a pool: a file, or the shard folder of a collection (each shard's checksum checked, the shards' headers
     * compared, the episodes in shard order). An unreadable, truncated, corrupted, incomplete or incompatible pool is
     * an {@link InvalidInputException}.
     */
    public static ExperiencePool read(Path file) {
        if (Files.isDirectory(file)) {
            return readShards(file);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("experience pool " + file + " does not exist; make one with"
                    + " 'netllm abr collect --out " + file + "'");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (EOFException e) {
            throw new InvalidInputException("experience pool " + file + " is truncated (" + sizeOf(file)
                    + " bytes); it was not written completely: collect it again with 'netllm abr collect'", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read experience pool " + file + ": " + e.getMessage(), e);
        }
    }

    private static ExperiencePool readShards(Path dir) {
        PoolShards.requireComplete(dir, "'netllm abr collect'");
        ExperiencePool first = null;
        List<Episode> episodes = new ArrayList<>();
        for (Path shard : PoolShards.shardFiles(dir)) {
            ExperiencePool p = read(shard);
            if (first == null) {
                first = p;
            } else if (!sameVideo(p.video(), first.video()) || !p.qoe().equals(first.qoe()) || p.seed() != first.seed()
                    || !p.policies().equals(first.policies()) || !p.traces().equals(first.traces())) {
                throw new InvalidInputException("shard " + shard + " belongs to another collection than "
                        + PoolShards.shardFiles(dir).get(0) + " (video, QoE, seed, policies or traces differ)");
            }
            episodes.addAll(p.episodes());
        }
        return new ExperiencePool(first.video(), first.qoe(), first.seed(), first.policies(), first.traces(),
                episodes);
    }

    private static boolean sameVideo(Video a, Video b) {
        return a.name().equals(b.name()) && java.util.Arrays.equals(a.bitratesKbps(), b.bitratesKbps())
                && java.util.Arrays.deepEquals(a.chunkBytes(), b.chunkBytes()) && a.chunkSeconds() == b.chunkSeconds();
    }

    /** The shard format of a collection: a whole pool file per shard. */
    public static final PoolShards.ShardFormat<ExperiencePool> SHARDS = new PoolShards.ShardFormat<>() {
        @Override
        public void write(ExperiencePool shard, Path file) {
            try (OutputStream os = Files.newOutputStream(file)) {
                ExperiencePoolFile.write(shard, os);
            } catch (IOException e) {
                throw new InvalidInputException("cannot write shard " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public ExperiencePool read(Path file) {
            return ExperiencePoolFile.read(file);
        }
    };

    static ExperiencePool read(InputStream source, String where) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new InvalidInputException(where + " is not an experience pool (it does not start with NLXP);"
                    + " pass a file written by 'netllm abr collect'");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new InvalidInputException("experience pool " + where + " has format version " + version
                    + ", this build reads version " + VERSION + "; collect the pool again with this build's"
                    + " 'netllm abr collect'");
        }
        String videoName = in.readUTF();
        int levels = in.readUnsignedByte();
        int[] bitrates = new int[levels];
        for (int i = 0; i < levels; i++) {
            bitrates[i] = in.readInt();
        }
        int chunks = in.readUnsignedShort();
        double chunkSeconds = in.readDouble();
        long[][] sizes = new long[levels][chunks];
        for (int level = 0; level < levels; level++) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                sizes[level][chunk] = in.readInt();
            }
        }
        Video video = new Video(videoName, bitrates, sizes, chunkSeconds);
        QoeModel qoe = new QoeModel(in.readDouble(), in.readDouble());
        long seed = in.readLong();
        List<String> policies = readNames(in, in.readUnsignedByte());
        List<String> traces = readNames(in, in.readUnsignedShort());
        int episodeCount = in.readInt();
        if (episodeCount < 0) {
            throw corrupted(where, "negative episode count " + episodeCount);
        }
        List<Episode> episodes = new ArrayList<>(Math.min(episodeCount, 1 << 20));
        for (int i = 0; i < episodeCount; i++) {
            int policy = in.readUnsignedByte();
            int trace = in.readUnsignedShort();
            int start = in.readInt();
            List<ChunkDownload> downloads = new ArrayList<>(chunks);
            for (int chunk = 0; chunk < chunks; chunk++) {
                int level = in.readUnsignedByte();
                long bytes = in.readInt();
                double delay = in.readFloat();
                double rebuffer = in.readFloat();
                double buffer = in.readFloat();
                if (level >= levels) {
                    throw corrupted(where, "episode " + i + " chunk " + chunk + " has level " + level);
                }
                downloads.add(new ChunkDownload(chunk, level, bytes, delay, rebuffer, buffer));
            }
            float[] rewards = new float[chunks - 1];
            for (int s = 0; s < rewards.length; s++) {
                rewards[s] = in.readFloat();
            }
            if (policy >= policies.size() || trace >= traces.size()) {
                throw corrupted(where, "episode " + i + " names policy " + policy + " / trace " + trace);
            }
            episodes.add(new Episode(policy, trace, start, downloads, rewards));
        }
        long expected = crc.getValue();
        DataInputStream trailer = new DataInputStream(buffered);
        int stored = trailer.readInt();
        int end = trailer.readInt();
        if (end != END_MAGIC) {
            throw corrupted(where, "the end marker is missing");
        }
        if (stored != (int) expected) {
            throw corrupted(where, "its checksum does not match its contents");
        }
        if (trailer.read() != -1) {
            throw corrupted(where, "bytes follow the end marker");
        }
        return new ExperiencePool(video, qoe, seed, policies, traces, episodes);
    }

    private static List<String> readNames(DataInputStream in, int count) throws IOException {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        return names;
    }

    private static InvalidInputException corrupted(String where, String what) {
        return new InvalidInputException("experience pool " + where + " is corrupted: " + what
                + "; collect it again with 'netllm abr collect'");
    }

    private static String sizeOf(Path file) {
        try {
            return Long.toString(Files.size(file));
        } catch (IOException e) {
            return "?";
        }
    }
}
