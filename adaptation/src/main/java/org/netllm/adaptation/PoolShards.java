package org.netllm.adaptation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.netllm.errors.InvalidInputException;

/**
 * A collection written in shards as its episodes finish, so an interrupted one loses at most a shard: the folder
 * {@code POOL.shards/} beside the pool holds {@code collection.json} (what is collected: seed, policies, episodes...)
 * and one complete pool file per finished shard, each written beside and moved into place. A resumed collection
 * checks it asks for the same thing, skips the shards that read back whole, and the finished pool is merged from
 * them; episodes depend only on the seed and their index, so the pool has the same bytes either way.
 */
public final class PoolShards {

    private static final String MANIFEST = "collection.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes and checks one shard file. */
    public interface ShardFormat<P> {
        void write(P shard, Path file);

        /** Reads a shard, checking its checksum; a damaged one is an {@code InvalidInputException}. */
        P read(Path file);
    }

    private final Path dir;
    private final int episodes;
    private final int shardSize;

    private PoolShards(Path dir, int episodes, int shardSize) {
        this.dir = dir;
        this.episodes = episodes;
        this.shardSize = shardSize;
    }

    /** The shard folder of a pool file: {@code POOL.shards} beside it. */
    public static Path folderOf(Path pool) {
        return pool.resolveSibling(pool.getFileName() + ".shards");
    }

    /** The default shard size: twenty shards, so at most 5 % of the work is lost. */
    public static int defaultShardSize(int episodes) {
        return Math.max(1, (episodes + 19) / 20);
    }

    /**
     * Opens the shard folder of {@code pool} for a collection described by {@code plan} (its options as text, the
     * episode count and shard size included). A fresh collection refuses a folder left by an interrupted one; a
     * resumed one refuses a folder made for another plan, naming the first difference.
     *
     * @param command the command that goes on with it, for the messages ({@code netllm abr collect ... --resume})
     */
    public static PoolShards open(Path pool, Map<String, String> plan, int episodes, int shardSize, boolean resume,
                                  String command) {
        Path dir = folderOf(pool);
        Path manifest = dir.resolve(MANIFEST);
        Map<String, String> wanted = new LinkedHashMap<>(plan);
        wanted.put("episodes", Integer.toString(episodes));
        wanted.put("shard size", Integer.toString(shardSize));
        try {
            if (Files.isRegularFile(manifest)) {
                if (!resume) {
                    throw new InvalidInputException(pool + " has an interrupted collection in " + dir + "; go on with"
                            + " it by adding --resume to the command (" + command + " --resume), or delete " + dir
                            + " to start over");
                }
                @SuppressWarnings("unchecked")
                Map<String, String> saved = JSON.readValue(manifest.toFile(), LinkedHashMap.class);
                for (var entry : wanted.entrySet()) {
                    if (!Objects.equals(saved.get(entry.getKey()), entry.getValue())) {
                        throw new InvalidInputException("--resume: the interrupted collection in " + dir + " has "
                                + entry.getKey() + " " + saved.get(entry.getKey()) + ", this command "
                                + entry.getValue() + "; resume with the same options, or delete " + dir
                                + " to start over");
                    }
                }
            } else {
                Files.createDirectories(dir);
                Path tmp = dir.resolve(MANIFEST + ".tmp");
                JSON.writeValue(tmp.toFile(), wanted);
                Files.move(tmp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot use the shard folder " + dir + ": " + e.getMessage(), e);
        }
        return new PoolShards(dir, episodes, shardSize);
    }

    /** How many shards the collection has. */
    public int count() {
        return (episodes + shardSize - 1) / shardSize;
    }

    /** The first episode of shard {@code k}. */
    public int from(int k) {
        return k * shardSize;
    }

    /** One past the last episode of shard {@code k}. */
    public int to(int k) {
        return Math.min(episodes, (k + 1) * shardSize);
    }

    /** Shard {@code k}'s file. */
    public Path file(int k) {
        return dir.resolve(String.format("shard-%05d.pool", k));
    }

    /**
     * Shard {@code k}: read back if a finished one is there and whole, else made by {@code make} and written. A shard
     * whose file is damaged (a crash during a write of an older format, a disk error) is made again.
     */
    public <P> P shard(int k, ShardFormat<P> format, java.util.function.Supplier<P> make) {
        Path file = file(k);
        if (Files.isRegularFile(file)) {
            try {
                return format.read(file);
            } catch (InvalidInputException damaged) {
                // made again below
            }
        }
        P shard = make.get();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        format.write(shard, tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write shard " + file + ": " + e.getMessage(), e);
        }
        return shard;
    }

    /** Whether shard {@code k} was finished by an earlier sitting. */
    public boolean finished(int k) {
        return Files.isRegularFile(file(k));
    }

    /** Removes the shard folder once the merged pool is written. */
    public void delete() {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot remove the shard folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The shard files of a folder, in order. */
    public static List<Path> shardFiles(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("shard-\\d{5}\\.pool")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a shard folder given as a pool is complete.
     *
     * @throws InvalidInputException naming the missing shards and how to finish them
     */
    public static void requireComplete(Path dir, String command) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidInputException(dir + " is a folder without " + MANIFEST + "; a pool is a file written by "
                    + command + ", or the shard folder of one");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> saved = JSON.readValue(manifest.toFile(), LinkedHashMap.class);
            int episodes = Integer.parseInt(saved.get("episodes"));
            int size = Integer.parseInt(saved.get("shard size"));
            int shards = (episodes + size - 1) / size;
            int found = shardFiles(dir).size();
            if (found < shards) {
                throw new InvalidInputException("the collection in " + dir + " is unfinished: " + found + " of "
                        + shards + " shards; finish it with the same " + command + " command and --resume");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException(manifest + " is not readable: " + e.getMessage(), e);
        }
    }
}
