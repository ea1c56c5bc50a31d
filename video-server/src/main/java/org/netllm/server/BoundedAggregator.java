package org.netllm.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** Aggregates request bodies up to a limit; a larger one is answered 413 with a JSON error and the connection closed. */
final class BoundedAggregator extends HttpObjectAggregator {

    private final int maxBodyBytes;

    BoundedAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        byte[] body = ("{\"error\":\"request body larger than " + maxBodyBytes + " bytes\",\"status\":413}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = Responses.full(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Responses.JSON_TYPE,
                body);
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
