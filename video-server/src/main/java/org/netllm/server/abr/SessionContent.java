package org.netllm.server.abr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.server.StrictJson;

/**
 * What one ABR session plays: the server's video (its {@code --content} folder), another title the server holds
 * (each sub-folder of {@code --content} with its own {@code manifest.mpd}, served under {@code /video/TITLE/}), or a
 * ladder and chunk sizes the player declares when it opens the session. A declared ladder is checked field by field
 * (400 naming the field), against this server's limits (413 naming the limit) and against what the policy can
 * decide over (422: a model adapted on a 6-level ladder decides over 6-level ladders only). Immutable and
 * threadsafe.
 *
 * @param video  the server's own video
 * @param titles the other titles, by folder name
 * @param policy the server's ABR policy, asked whether it can decide over a session's video
 */
public record SessionContent(Video video, Map<String, Video> titles, BatchAbrPolicy policy) {

    /**
     * Levels a declared ladder may have: MPC and RobustMPC search every plan over 5 chunks, levels^5 of them, so 12
     * levels cost 32 times the work of Pensieve's 6.
     */
    public static final int MAX_LEVELS = 12;
    /** Chunks a declared ladder may have; the 16 KiB body limit of the route bounds the sizes sent before this. */
    public static final int MAX_CHUNKS = 10_000;
    /** The largest declared bitrate (100 Gbps) and chunk size (1 TiB): any real video, and far from overflow. */
    static final long MAX_KBPS = 100_000_000L;
    static final long MAX_CHUNK_BYTES = 1L << 40;

    public SessionContent {
        titles = Map.copyOf(titles);
    }

    /**
     * The video a create's body asks for: {@code "title": NAME} or {@code "ladder": {...}}; empty for neither (the
     * server's video).
     *
     * @throws StrictJson.BadJson what is wrong with the body (400, 413 past a limit)
     * @throws Unservable         a video the policy cannot decide over (422)
     */
    public Optional<Video> requested(JsonNode body) throws StrictJson.BadJson, Unservable {
        if (body.has("title") && body.has("ladder")) {
            throw new StrictJson.BadJson("name a 'title' or declare a 'ladder', not both");
        }
        Video chosen;
        if (body.has("title")) {
            JsonNode title = body.get("title");
            if (!title.isTextual()) {
                throw new StrictJson.BadJson("'title' must be a string, one of " + titles.keySet());
            }
            chosen = titles.get(title.asText());
            if (chosen == null) {
                throw new StrictJson.BadJson("no title '" + title.asText() + "' on this server; it holds "
                        + (titles.isEmpty() ? "only its default video" : titles.keySet().toString()));
            }
        } else if (body.has("ladder")) {
            chosen = declared(body.get("ladder"));
        } else {
            return Optional.empty();
        }
        Optional<String> problem = policy.cannotServe(chosen);
        if (problem.isPresent()) {
            throw new Unservable(problem.get());
        }
        return Optional.of(chosen);
    }

    /** A video the server's policy cannot decide over; its message names why. */
    public static final class Unservable extends Exception {
        Unservable(String message) {
            super(message);
        }
    }

    /** {@code {"bitratesKbps": [...], "chunkSeconds": S, "chunkBytes": [[level 0's sizes], ...]}}. */
    static Video declared(JsonNode ladder) throws StrictJson.BadJson {
        if (!ladder.isObject()) {
            throw new StrictJson.BadJson("'ladder' must be an object {bitratesKbps, chunkSeconds, chunkBytes}");
        }
        JsonNode rates = array(ladder, "bitratesKbps");
        if (rates.isEmpty()) {
            throw new StrictJson.BadJson("ladder.bitratesKbps must hold at least one level");
        }
        if (rates.size() > MAX_LEVELS) {
            throw StrictJson.BadJson.overLimit("ladder.bitratesKbps holds " + rates.size() + " levels; this server "
                    + "takes at most " + MAX_LEVELS + " (MPC's plan search grows as levels^5)");
        }
        int[] kbps = new int[rates.size()];
        for (int level = 0; level < kbps.length; level++) {
            kbps[level] = (int) integer(rates.get(level), "ladder.bitratesKbps[" + level + "]", 1, MAX_KBPS);
            if (level > 0 && kbps[level] <= kbps[level - 1]) {
                throw new StrictJson.BadJson("ladder.bitratesKbps must increase, lowest level first: level " + level
                        + " has " + kbps[level] + " after " + kbps[level - 1]);
            }
        }
        double chunkSeconds = StrictJson.number(ladder, "chunkSeconds", 0.1, 60);
        JsonNode sizes = array(ladder, "chunkBytes");
        if (sizes.size() != kbps.length) {
            throw new StrictJson.BadJson("ladder.chunkBytes must hold one array of chunk sizes per level, "
                    + kbps.length + ", got " + sizes.size());
        }
        long[][] bytes = new long[kbps.length][];
        for (int level = 0; level < kbps.length; level++) {
            JsonNode row = sizes.get(level);
            String where = "ladder.chunkBytes[" + level + "]";
            if (!row.isArray()) {
                throw new StrictJson.BadJson(where + " must be an array of chunk sizes in bytes");
            }
            if (row.size() < 2 || row.size() > MAX_CHUNKS) {
                throw row.size() > MAX_CHUNKS
                        ? StrictJson.BadJson.overLimit(where + " holds " + row.size() + " chunks; this server takes at "
                                + "most " + MAX_CHUNKS)
                        : new StrictJson.BadJson(where + " must hold at least 2 chunk sizes, got " + row.size());
            }
            if (level > 0 && row.size() != bytes[0].length) {
                throw new StrictJson.BadJson(where + " holds " + row.size() + " chunks but ladder.chunkBytes[0] holds "
                        + bytes[0].length + "; every level has every chunk");
            }
            bytes[level] = new long[row.size()];
            for (int chunk = 0; chunk < row.size(); chunk++) {
                bytes[level][chunk] = integer(row.get(chunk), where + "[" + chunk + "]", 1, MAX_CHUNK_BYTES);
            }
        }
        return new Video("declared", kbps, bytes, chunkSeconds);
    }

    private static JsonNode array(JsonNode object, String field) throws StrictJson.BadJson {
        JsonNode value = object.get(field);
        if (value == null || !value.isArray()) {
            throw new StrictJson.BadJson("ladder." + field + " must be an array");
        }
        return value;
    }

    private static long integer(JsonNode value, String where, long min, long max) throws StrictJson.BadJson {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new StrictJson.BadJson(where + " must be an integer in " + min + ".." + max + ", got " + value);
        }
        return value.asLong();
    }
}
