package org.netllm.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Aggregates request bodies up to their route's limit; a larger declared body is answered 413 with a JSON error and
 * the connection closed. A chunked body without a length is counted as it arrives and refused the same way as soon
 * as it passes its route's limit, so a connection never holds more than that (not the largest route's limit, nor
 * until the request timeout for a body that never ends).
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final BodyLimits limits;
    private int current;
    private long received;
    private boolean refused;

    BoundedAggregator(BodyLimits limits) {
        super(limits.largest());
        this.limits = limits;
        this.current = limits.defaultBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            current = limits.forTarget(request.uri());
            received = 0;
            refused = false;
        } else if (msg instanceof HttpContent content) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            received += content.content().readableBytes();
            if (received > current) {
                refused = true;
                ReferenceCountUtil.release(msg);
                refuse(ctx, current);
                return;
            }
        }
        super.channelRead(ctx, msg);
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
