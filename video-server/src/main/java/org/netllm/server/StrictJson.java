package org.netllm.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies strictly: one JSON object and nothing after it, no key twice, shallow nesting, short
 * numbers, and numeric fields that are finite and within bounds the caller names. Every API of the server reads
 * its bodies through this, so that what one endpoint refuses no other accepts. This class is threadsafe.
 */
public final class StrictJson {

    /**
     * A body that is not what the endpoint accepts; its message says what is wrong, for a 400, or for a 413 when
     * the body is well formed but asks for more than the server's limits ({@link #overLimit}).
     */
    public static final class BadJson extends Exception {
        private final boolean overLimit;

        public BadJson(String message) {
            this(message, false);
        }

        private BadJson(String message, boolean overLimit) {
            super(message);
            this.overLimit = overLimit;
        }

        /** A well-formed body that asks for more than a limit the message names (413). */
        public static BadJson overLimit(String message) {
            return new BadJson(message, true);
        }

        /** The same problem with {@code where} (a field's path) before its message. */
        public BadJson at(String where) {
            return new BadJson(where + ": " + getMessage(), overLimit);
        }

        /** 413 for a body over a limit, else 400. */
        public io.netty.handler.codec.http.HttpResponseStatus status() {
            return overLimit ? io.netty.handler.codec.http.HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
        }
    }

    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(64)
                    .maxStringLength(4096).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {
    }

    /** The body as a JSON object; an empty body reads as {@code {}} when {@code emptyIsObject}. */
    public static JsonNode object(ByteBuf body, String expected) throws BadJson {
        if (!body.isReadable()) {
            throw new BadJson("the body is empty; it must be a JSON object with " + expected);
        }
        JsonNode root;
        try (InputStream in = new ByteBufInputStream(body.duplicate())) {
            root = READER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new BadJson("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadJson("unreadable body");
        }
        if (root == null || !root.isObject()) {
            throw new BadJson("the body must be a JSON object with " + expected);
        }
        return root;
    }

    /** A required finite number within [min, max]. */
    public static double number(JsonNode object, String field, double min, double max) throws BadJson {
        JsonNode value = present(object, field);
        if (!value.isNumber()) {
            throw new BadJson("field '" + field + "' must be a number, got " + value.getNodeType());
        }
        double x = value.asDouble();
        if (!Double.isFinite(x) || x < min || x > max) {
            throw new BadJson("field '" + field + "' must be a finite number in [" + plain(min) + ", " + plain(max)
                    + "], got " + value);
        }
        return x;
    }

    /** A required integer within [min, max] ({@code 3.0} counts as 3, {@code 3.5} does not). */
    public static long integer(JsonNode object, String field, long min, long max) throws BadJson {
        JsonNode value = present(object, field);
        if (!value.isNumber()) {
            throw new BadJson("field '" + field + "' must be an integer, got " + value.getNodeType());
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new BadJson("field '" + field + "' must be an integer, got " + value);
        }
        long x = value.asLong();
        if (x < min || x > max) {
            throw new BadJson("field '" + field + "' must be an integer in [" + min + ", " + max + "], got " + x);
        }
        return x;
    }

    /** An optional boolean: {@code fallback} when absent, otherwise {@code true} or {@code false}, nothing else. */
    public static boolean flag(JsonNode object, String field, boolean fallback) throws BadJson {
        JsonNode value = object.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new BadJson("field '" + field + "' must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static JsonNode present(JsonNode object, String field) throws BadJson {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw new BadJson("missing field '" + field + "'");
        }
        return value;
    }

    private static String plain(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
