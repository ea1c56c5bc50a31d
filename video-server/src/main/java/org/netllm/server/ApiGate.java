package org.netllm.server;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Optional;

/**
 * Answers, from its head alone, an API request with a body that its route or its caller rules out: a path under an
 * API's prefix that is no route (404), a method the route does not take (405), someone else's or an unknown session
 * (403, 404), the list from another machine without the admin key (403). Its body is then read and dropped as it
 * arrives, never buffered, so the caller has its answer before sending the rest and the connection stays usable;
 * a body longer than its route's limit closes the connection. Without this the aggregator after it would buffer the
 * whole body (up to 1 MiB) first (issue 39: an unknown cluster's 404 or a missing token's 403 came only after the
 * whole body). Requests the {@link RequestGuard} refuses for their form pass through to it. Not sharable: one per
 * channel, between {@link RequestSequencer} and {@link BoundedAggregator}.
 */
final class ApiGate extends ChannelInboundHandlerAdapter {

    /** One task's routes and who may use them: what its {@link ApiHandler} checks once the body is read. */
    record Api(ApiRoutes routes, SessionOwners owners, ApiAccess access) {
    }

    private final List<Api> apis;
    private final BodyLimits limits;
    private final ClientErrorLog log;
    private boolean discarding;
    private long discarded;
    private int limit;

    ApiGate(List<Api> apis, BodyLimits limits, ClientErrorLog log) {
        this.apis = List.copyOf(apis);
        this.limits = limits;
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            discarding = false;
            String target = originForm(request.uri());
            Optional<ApiAccess.Refusal> refusal = target != null && hasBody(request)
                    && RequestGuard.wellFormed(request) ? refusal(ctx, request, target) : Optional.empty();
            if (refusal.isPresent()) {
                log.mistake("refused before its body", refusal.get().status().code() + " " + request.uri());
                discarding = !(msg instanceof LastHttpContent);
                discarded = msg instanceof HttpContent content ? content.content().readableBytes() : 0;
                limit = limits.forTarget(target);
                ReferenceCountUtil.release(msg);
                answer(ctx, request, refusal.get());
                return;
            }
        } else if (discarding && msg instanceof HttpContent content) {
            discarded += content.content().readableBytes();
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            if (discarded > limit) {
                // Past what the route would ever take: not worth reading on.
                ctx.close();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    /** The target as a path and query (an absolute-form target's), or null when it is neither. */
    private static String originForm(String target) {
        return target.startsWith("/") ? target : RequestGuard.originForm(target);
    }

    private Optional<ApiAccess.Refusal> refusal(ChannelHandlerContext ctx, HttpRequest request, String target) {
        String path;
        try {
            path = new QueryStringDecoder(target).path();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (Api api : apis) {
            ApiRoutes routes = api.routes();
            ApiRoutes.Route route = routes.route(request.method(), path);
            switch (route.kind()) {
                case ELSEWHERE -> {
                    continue;
                }
                case NOT_FOUND -> {
                    return Optional.of(new ApiAccess.Refusal(HttpResponseStatus.NOT_FOUND, routes.notFound(path)));
                }
                case NOT_ALLOWED -> {
                    return Optional.of(new ApiAccess.Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, route.allow()));
                }
                case LIST -> {
                    return api.access().admin(ctx.channel(), request) ? Optional.empty()
                            : Optional.of(new ApiAccess.Refusal(HttpResponseStatus.FORBIDDEN, routes.listClosed()));
                }
                case ACT -> {
                    return api.access().ownerRefusal(api.owners(), ctx.channel(), request, route.id(),
                            routes.resource(), routes.prefix());
                }
                case READ -> {
                    return api.access().ownerOrAdminRefusal(api.owners(), ctx.channel(), request, route.id(),
                            routes.resource(), routes.prefix());
                }
                case CREATE -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static void answer(ChannelHandlerContext ctx, HttpRequest request, ApiAccess.Refusal refusal) {
        if (refusal.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            Responses.notAllowed(ctx, request, refusal.message());
        } else {
            Responses.error(ctx, request, refusal.status(), refusal.message());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discarding = false;
        ctx.fireChannelInactive();
    }
}
