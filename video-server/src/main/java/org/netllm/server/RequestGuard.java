package org.netllm.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * First handler after aggregation: answers what no route should see: requests the decoder rejected (too long a line
 * or headers, garbage), HTTP versions other than 1.0 and 1.1 (505), an HTTP/1.1 request without exactly one
 * {@code Host} (400), and request targets that are not an absolute path or whose percent escapes do not decode (400).
 * An absolute-form target ({@code http://host/path}) is taken as its path and query. Each is one rate-limited log line, never a stack trace.
 */
final class RequestGuard extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ClientErrorLog log;
    private final BodyLimits limits;

    RequestGuard(ClientErrorLog log, BodyLimits limits) {
        this.log = log;
        this.limits = limits;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            answerDecoderFailure(ctx, request, request.decoderResult().cause());
            return;
        }
        HttpVersion version = request.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            log.mistake("HTTP version", version.text());
            Responses.error(ctx, request, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "HTTP version " + version.text() + " is not supported; use HTTP/1.1");
            return;
        }
        int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1 || hosts == 0 && version.equals(HttpVersion.HTTP_1_1)) {
            // RFC 9112 section 3.2: a server must answer 400 to an HTTP/1.1 request without a Host, or with several.
            log.mistake("Host header", hosts + " Host headers");
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "an HTTP/1.1 request needs exactly one "
                    + "Host header, got " + hosts);
            return;
        }
        String target = request.uri();
        if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
            // The absolute form (what a client sends through a proxy): RFC 9112 section 3.2.2 says servers accept it.
            String origin = originForm(target);
            if (origin == null) {
                log.mistake("request target", target);
                Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST,
                        "the request target is not a URL: use an absolute path such as /player/index.html");
                return;
            }
            request.setUri(origin);
            target = origin;
        }
        if (!target.startsWith("/")) {
            log.mistake("request target", target);
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "the request target must be an absolute path such as /player/index.html");
            return;
        }
        try {
            new QueryStringDecoder(target).path();
        } catch (IllegalArgumentException e) {
            log.mistake("percent escape", target);
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "the request target has a malformed percent escape (use %XX with two hex digits)");
            return;
        }
        int limit = limits.forTarget(target);
        if (request.content().readableBytes() > limit) {
            // A chunked body arrives without a declared length, so only its end shows it exceeds its route's limit.
            log.mistake("body size", target);
            BoundedAggregator.refuse(ctx, limit);
            return;
        }
        ctx.fireChannelRead(request.retain());
    }

    /**
     * Whether a request's head passes this guard's checks of its form (decoded, HTTP/1.0 or 1.1, one Host for 1.1),
     * for handlers before it that answer from the head alone.
     */
    static boolean wellFormed(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
        return request.decoderResult().isSuccess()
                && (version.equals(HttpVersion.HTTP_1_1) && hosts == 1
                        || version.equals(HttpVersion.HTTP_1_0) && hosts <= 1);
    }

    /** The path and query of an absolute-form target ({@code http://host/p?q} is {@code /p?q}), or null. */
    static String originForm(String target) {
        try {
            java.net.URI uri = new java.net.URI(target);
            if (uri.getRawAuthority() == null) {
                return null;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private void answerDecoderFailure(ChannelHandlerContext ctx, FullHttpRequest request, Throwable cause) {
        log.mistake("malformed request", String.valueOf(cause));
        if (cause instanceof TooLongHttpLineException) {
            Responses.error(ctx, request, HttpResponseStatus.REQUEST_URI_TOO_LONG, "the request line is longer than "
                    + VideoServerInitializer.MAX_INITIAL_LINE + " bytes; shorten the URL (a CMCD sid or cid is at most "
                    + "64 characters)");
        } else if (cause instanceof TooLongHttpHeaderException) {
            Responses.error(ctx, request, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the headers are larger "
                    + "than " + VideoServerInitializer.MAX_HEADER_BYTES + " bytes; send fewer or shorter headers (a "
                    + "CMCD sid or cid is at most 64 characters)");
        } else if (cause instanceof TooLongFrameException) {
            Responses.error(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request too large");
        } else {
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
        }
    }
}
