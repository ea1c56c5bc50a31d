package org.netllm.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Aggregates request bodies up to their route's limit; a larger declared body is answered 413 with a JSON error and
 * the connection closed. A chunked body without a length is buffered up to the largest limit and checked against its
 * route's by {@link RequestGuard}.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final BodyLimits limits;
    private int current;

    BoundedAggregator(BodyLimits limits) {
        super(limits.largest());
        this.limits = limits;
        this.current = limits.defaultBytes();
    }

    @Override
    protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
        current = start instanceof HttpRequest request ? limits.forTarget(request.uri()) : limits.defaultBytes();
        return super.isContentLengthInvalid(start, current);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        refuse(ctx, current);
    }

    /** Answers 413 with a JSON error naming {@code limit} and closes the connection. */
    static void refuse(ChannelHandlerContext ctx, int limit) {
        byte[] body = ("{\"error\":\"request body larger than " + limit + " bytes\",\"status\":413}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = Responses.full(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Responses.JSON_TYPE,
                body);
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
