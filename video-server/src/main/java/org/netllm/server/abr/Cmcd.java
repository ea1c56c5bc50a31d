package org.netllm.server.abr;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Common Media Client Data (CTA-5004) a player sent with one request: the keys a server-side ABR controller
 * reads, each {@code null} when absent (or malformed). Players send it as the {@code CMCD} query argument or in the
 * {@code CMCD-Object}, {@code CMCD-Request}, {@code CMCD-Session} and {@code CMCD-Status} headers, each an RFC 8941
 * dictionary ({@code bl=21300,br=3200,bs,sid="6e2f…"}). Units are CTA-5004's: kbps for bitrates and throughput, ms
 * for buffer, duration and deadline.
 *
 * @param sessionId        {@code sid}: the playback session (a string of at most 64 characters)
 * @param contentId        {@code cid}: the content (at most 64 characters)
 * @param objectType       {@code ot}: m, a, v, av, i, c, tt, k or o
 * @param bitrateKbps      {@code br}: the requested object's encoded bitrate
 * @param bufferMs         {@code bl}: the player's buffer length when it sent the request
 * @param durationMs       {@code d}: the requested object's playback duration
 * @param throughputKbps   {@code mtp}: the throughput the player measured
 * @param topBitrateKbps   {@code tb}: the highest bitrate the player can play
 * @param deadlineMs       {@code dl}: how soon the player needs the object (buffer over playback rate)
 * @param startup          {@code su}: the object is needed urgently (start-up, seek, recovery)
 * @param starved          {@code bs}: the buffer ran empty since the previous request
 */
public record Cmcd(String sessionId, String contentId, String objectType, Long bitrateKbps, Long bufferMs,
                   Long durationMs, Long throughputKbps, Long topBitrateKbps, Long deadlineMs, boolean startup,
                   boolean starved) {

    /** No CMCD at all. */
    public static final Cmcd NONE = new Cmcd(null, null, null, null, null, null, null, null, null, false, false);

    /** The query argument and the four headers of CTA-5004's header mode. */
    public static final String QUERY_KEY = "CMCD";
    public static final List<String> HEADERS = List.of("CMCD-Object", "CMCD-Request", "CMCD-Session", "CMCD-Status");

    /** CTA-5004 caps {@code sid} and {@code cid} at 64 characters. */
    static final int MAX_ID_LENGTH = 64;
    /** 100 Gbit/s: past this a bitrate is a client bug, not a measurement. */
    static final long MAX_KBPS = 100_000_000L;
    /** A day: past this a buffer, duration or deadline is a client bug. */
    static final long MAX_MS = 86_400_000L;
    private static final List<String> OBJECT_TYPES = List.of("m", "a", "v", "av", "i", "c", "tt", "k", "o");

    /** One key CMCD that could not be read: the key (or {@code syntax}) and why. */
    public record Problem(String key, String message) {
    }

    /** What one request carried: the keys read, and the problems of those that were ignored. */
    public record Reading(Cmcd cmcd, List<Problem> problems) {

        /** Whether the request carried CMCD at all (read or not). */
        public boolean present() {
            return cmcd != NONE || !problems.isEmpty();
        }
    }

    /** Whether the request carried a usable session: {@code sid} read. */
    public boolean hasSession() {
        return sessionId != null;
    }

    /**
     * Reads the CMCD of a request from its {@code CMCD} query argument (already percent-decoded) and its CMCD headers.
     * A field that is not an RFC 8941 dictionary is ignored whole (one {@code syntax} problem); a key of the wrong
     * type or out of range is ignored alone (one problem naming it). Unknown keys are skipped, as CTA-5004 says.
     */
    public static Reading read(List<String> queryValues, HttpHeaders headers) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> members = new LinkedHashMap<>();
        for (String value : queryValues) {
            parseInto(value, "query argument CMCD", members, problems);
        }
        for (String header : HEADERS) {
            for (String value : headers.getAll(header)) {
                parseInto(value, "header " + header, members, problems);
            }
        }
        if (members.isEmpty()) {
            return new Reading(NONE, List.copyOf(problems));
        }
        Fields fields = new Fields(members, problems);
        Cmcd cmcd = new Cmcd(fields.id("sid"), fields.id("cid"), fields.token("ot", OBJECT_TYPES),
                fields.integer("br", MAX_KBPS), fields.integer("bl", MAX_MS), fields.integer("d", MAX_MS),
                fields.integer("mtp", MAX_KBPS), fields.integer("tb", MAX_KBPS), fields.integer("dl", MAX_MS),
                fields.flag("su"), fields.flag("bs"));
        return new Reading(cmcd, List.copyOf(problems));
    }

    private static void parseInto(String value, String where, Map<String, Object> members, List<Problem> problems) {
        try {
            members.putAll(StructuredDictionary.parse(value));
        } catch (StructuredDictionary.Malformed e) {
            problems.add(new Problem("syntax", where + " is not a CMCD dictionary: " + e.getMessage()));
        }
    }

    /** Typed access to a dictionary's members; a wrong type or range records a problem and reads as absent. */
    private record Fields(Map<String, Object> members, List<Problem> problems) {

        String id(String key) {
            Object v = members.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof StructuredDictionary.Text text)) {
                return wrong(key, "must be a quoted string");
            }
            if (text.value().isEmpty() || text.value().length() > MAX_ID_LENGTH) {
                return wrong(key, "must be 1.." + MAX_ID_LENGTH + " characters, got " + text.value().length());
            }
            return text.value();
        }

        String token(String key, List<String> allowed) {
            Object v = members.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof StructuredDictionary.Token token) || !allowed.contains(token.value())) {
                return wrong(key, "must be one of " + String.join(", ", allowed));
            }
            return token.value();
        }

        Long integer(String key, long max) {
            Object v = members.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Long n)) {
                return wrong(key, "must be an integer");
            }
            if (n < 0 || n > max) {
                return wrong(key, "must be in 0.." + max + ", got " + n);
            }
            return n;
        }

        boolean flag(String key) {
            Object v = members.get(key);
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                wrong(key, "must be a boolean (the bare key, or ?0)");
                return false;
            }
            return b;
        }

        private <T> T wrong(String key, String why) {
            problems.add(new Problem(key, "CMCD key " + key + " " + why));
            return null;
        }
    }
}
