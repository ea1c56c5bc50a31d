package org.netllm.server;

/**
 * One satisfiable byte range of a file of known length, parsed from a {@code Range} header by the grammar of
 * RFC 9110 §14.1.1 and §14.2: {@code bytes=first-[last]} or {@code bytes=-suffix}, digits only, optional
 * whitespace around the range. Anything else (another unit, a sign, hex, an exponent, last before first) is not a
 * valid range and is ignored, as §14.2 allows: the whole file is sent with 200. A syntactically valid range that
 * starts at or past the end, however many digits its start has, is unsatisfiable (416). A set of several ranges
 * is ignored too (this server sends no multipart bodies).
 *
 * @param first first byte offset
 * @param last  last byte offset, inclusive
 */
record ByteRange(long first, long last) {

    /** What a Range header asks of a file. */
    sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    /** No usable range: send the whole file with 200. */
    record Whole() implements Request {
    }

    /** Send this part with 206. */
    record Part(ByteRange range) implements Request {
    }

    /** A valid range that lies outside the file: 416. */
    record Unsatisfiable() implements Request {
    }

    private static final String UNIT = "bytes=";

    long length() {
        return last - first + 1;
    }

    static Request parse(String header, long fileLength) {
        if (header == null || header.length() < UNIT.length() || !header.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
            return new Whole();
        }
        String spec = strip(header.substring(UNIT.length()));
        if (spec.indexOf(',') >= 0) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String firstDigits = spec.substring(0, dash);
        String lastDigits = spec.substring(dash + 1);
        if (!digits(firstDigits) && !firstDigits.isEmpty() || !digits(lastDigits) && !lastDigits.isEmpty()) {
            return new Whole();
        }
        if (firstDigits.isEmpty()) {
            if (lastDigits.isEmpty()) {
                return new Whole();
            }
            long suffix = saturated(lastDigits);
            if (suffix == 0 || fileLength == 0) {
                return new Unsatisfiable();
            }
            return new Part(new ByteRange(Math.max(0, fileLength - suffix), fileLength - 1));
        }
        long first = saturated(firstDigits);
        if (!lastDigits.isEmpty() && saturated(lastDigits) < first) {
            return new Whole();
        }
        if (first >= fileLength) {
            return new Unsatisfiable();
        }
        long last = lastDigits.isEmpty() ? fileLength - 1 : Math.min(saturated(lastDigits), fileLength - 1);
        return new Part(new ByteRange(first, last));
    }

    /** Optional whitespace (SP / HTAB) only, not every character Java calls white. */
    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value of a digit string, or Long.MAX_VALUE if it is larger (no file is that long). */
    private static long saturated(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                return Long.MAX_VALUE;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
