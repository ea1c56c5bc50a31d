package org.netllm.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which other origins' pages may call this server from a browser (CORS, {@code serve --cors-allow}): an allow-list
 * of exact origins ({@code https://player.example.com}, {@code http://localhost:3000}). None by default, so a page of
 * another origin cannot read any answer. A wildcard is refused: the session lists answer this machine without a
 * key, so any page opened in a browser on the server's machine could read them.
 *
 * @param origins the origins allowed, each {@code scheme://host[:port]}, lower-case
 */
public record CorsPolicy(List<String> origins) {

    /** No other origin. */
    public static final CorsPolicy NONE = new CorsPolicy(List.of());

    public CorsPolicy {
        origins = origins.stream().map(CorsPolicy::origin).toList();
    }

    /** Whether a request's {@code Origin} header names an allowed origin. */
    public boolean allows(String origin) {
        return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    private static String origin(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("*") || lower.equals("null")) {
            throw new IllegalArgumentException("CORS origin " + text + " is not allowed: name each origin "
                    + "(scheme://host[:port]); a wildcard would let any page on this machine read the session lists");
        }
        URI uri;
        try {
            uri = URI.create(lower);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CORS origin " + text + " is not scheme://host[:port]");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("CORS origin " + text + " is not http(s)://host[:port] (no path, no "
                    + "trailing slash)");
        }
        return lower;
    }
}
