package org.netllm.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** First handler: answers requests the decoder rejected (too long a line or headers, garbage) and connection errors. */
final class RequestGuard extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    RequestGuard() {
        super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isFailure()) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                Responses.error(ctx, request, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
            } else if (cause instanceof TooLongHttpHeaderException) {
                Responses.error(ctx, request, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large");
            } else if (cause instanceof TooLongFrameException) {
                Responses.error(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request too large");
            } else {
                Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            }
        } finally {
            request.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client that resets its connection is routine; anything else is worth a line, never a crash.
        LOG.debug("closing connection after [{}]", cause.toString());
        ctx.close();
    }
}
