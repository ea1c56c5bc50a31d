package org.netllm.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /healthz}: 200 while the server answers at all (liveness). {@code GET /readyz}: 200 when it should be
 * sent traffic, else 503 with {@code Retry-After} and what it waits for (a model warming up, a shutdown). GET and
 * HEAD only; both are cheap and never touch the actors.
 */
@ChannelHandler.Sharable
final class HealthHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String LIVE = "/healthz";
    static final String READY = "/readyz";

    private final Readiness readiness;

    HealthHandler(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals(LIVE) && !path.equals(READY)) {
            ctx.fireChannelRead(request.retain());
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            Responses.notAllowed(ctx, request, "GET, HEAD");
            return;
        }
        if (path.equals(LIVE)) {
            Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("status", "ok"));
            return;
        }
        List<String> reasons = readiness.notReadyBecause();
        if (reasons.isEmpty()) {
            Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("status", "ready"));
            return;
        }
        var response = Responses.full(HttpResponseStatus.SERVICE_UNAVAILABLE, Responses.JSON_TYPE,
                Responses.jsonBytes(Map.of("status", "not ready", "waitingFor", reasons)));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        Responses.send(ctx, request, response);
    }
}
