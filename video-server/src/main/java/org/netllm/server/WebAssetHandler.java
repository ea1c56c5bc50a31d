package org.netllm.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the player page, the stock dash.js page (CMCD/CMSD only), the 360° viewer page, the dashboard page and their vendored scripts from the dashjs-player jar's
 * {@value #RESOURCE_ROOT} resources; {@code /} redirects to the player.
 */
final class WebAssetHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String RESOURCE_ROOT = "netllm-web/";
    private static final Pattern SAFE_PATH = Pattern.compile("(player|stock|dashboard|viewer|vendor)(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> ALIASES = Map.of(
            "/player", "player/index.html",
            "/player/", "player/index.html",
            "/stock", "stock/index.html",
            "/stock/", "stock/index.html",
            "/dashboard", "dashboard/index.html",
            "/dashboard/", "dashboard/index.html",
            "/viewer", "viewer/index.html",
            "/viewer/", "viewer/index.html");

    // Assets are a few small files read once; an absent one is remembered as absent.
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        String resource = ALIASES.getOrDefault(path, path.startsWith("/") ? path.substring(1) : path);
        boolean root = path.equals("/");
        if (!root && !SAFE_PATH.matcher(resource).matches()) {
            ctx.fireChannelRead(request.retain());
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            Responses.notAllowed(ctx, request, "GET, HEAD");
            return;
        }
        if (root) {
            FullHttpResponse redirect = Responses.full(HttpResponseStatus.FOUND, "text/plain", new byte[0]);
            redirect.headers().set(HttpHeaderNames.LOCATION, "/player/index.html");
            Responses.send(ctx, request, redirect);
            return;
        }
        Optional<byte[]> bytes = cache.computeIfAbsent(resource, WebAssetHandler::load);
        if (bytes.isEmpty()) {
            Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no such page or asset");
            return;
        }
        FullHttpResponse response = Responses.full(HttpResponseStatus.OK, MediaTypes.of(resource), bytes.get());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        Responses.send(ctx, request, response);
    }

    private static Optional<byte[]> load(String resource) {
        try (InputStream in = WebAssetHandler.class.getClassLoader().getResourceAsStream(RESOURCE_ROOT + resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
