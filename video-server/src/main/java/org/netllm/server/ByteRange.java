package org.netllm.server;

import java.util.Optional;

/**
 * One satisfiable byte range of a file of known length, parsed from a {@code Range} header (RFC 9110 §14.1.2).
 *
 * @param first first byte offset
 * @param last  last byte offset, inclusive
 */
record ByteRange(long first, long last) {

    /** What a Range header asks of a file. */
    sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    /** No usable range: send the whole file with 200 (also for multi-range and malformed headers, which may be ignored). */
    record Whole() implements Request {
    }

    /** Send this part with 206. */
    record Part(ByteRange range) implements Request {
    }

    /** A well-formed range that lies outside the file: 416. */
    record Unsatisfiable() implements Request {
    }

    long length() {
        return last - first + 1;
    }

    static Request parse(String header, long fileLength) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = header.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        Optional<Long> start = number(spec.substring(0, dash).strip());
        Optional<Long> end = number(spec.substring(dash + 1).strip());
        if (start.isEmpty() && end.isEmpty()) {
            return new Whole();
        }
        if (start.isEmpty()) {
            long suffix = end.get();
            if (suffix == 0 || fileLength == 0) {
                return new Unsatisfiable();
            }
            return new Part(new ByteRange(Math.max(0, fileLength - suffix), fileLength - 1));
        }
        long first = start.get();
        if (end.isPresent() && end.get() < first) {
            return new Whole();
        }
        if (first >= fileLength) {
            return new Unsatisfiable();
        }
        long last = end.map(e -> Math.min(e, fileLength - 1)).orElse(fileLength - 1);
        return new Part(new ByteRange(first, last));
    }

    private static Optional<Long> number(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(s));
    }
}
