package org.netllm.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: whatever no route claimed is answered 404, and an exception anywhere in the pipeline is
 * answered 500 and the connection closed, instead of reaching Netty's tail (which logs a stack trace per request).
 * A dropped connection is routine and logged at debug; a decoder failure is the client's (for instance more than
 * the codec's 128 pipelined requests awaiting answers): one rate-limited line and the connection closed, since no
 * answer could be put in order; a bug is logged with its stack trace at most once a minute.
 */
final class ErrorBoundary extends ChannelInboundHandlerAdapter {

    static final String NOT_FOUND = "nothing at this path; the player is at /player/index.html, content under "
            + "/video/, the API under /api/abr/sessions";

    private final ClientErrorLog log;
    private final ServerMetrics metrics;
    private final String notFound;

    ErrorBoundary(ClientErrorLog log, ServerMetrics metrics) {
        this(log, metrics, NOT_FOUND);
    }

    /** @param notFound the 404's message: what is served here */
    ErrorBoundary(ClientErrorLog log, ServerMetrics metrics, String notFound) {
        this.log = log;
        this.metrics = metrics;
        this.notFound = notFound;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ErrorBoundary.class);
    private static final long BUG_LOG_INTERVAL_NANOS = 60_000_000_000L;
    private static final AtomicLong LAST_BUG_LOG = new AtomicLong(System.nanoTime() - BUG_LOG_INTERVAL_NANOS);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof io.netty.handler.codec.http.HttpRequest request) {
                Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, notFound);
            }
        } finally {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof io.netty.handler.codec.PrematureChannelClosureException) {
            // A client that goes away, mid-body included (the aggregator's premature closure), is routine.
            LOG.debug("connection [{}] dropped: [{}]", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        if (cause instanceof io.netty.handler.codec.DecoderException) {
            log.mistake("undecodable stream", String.valueOf(cause.getCause() != null ? cause.getCause() : cause));
            ctx.close();
            return;
        }
        long now = System.nanoTime();
        long last = LAST_BUG_LOG.get();
        if (now - last >= BUG_LOG_INTERVAL_NANOS && LAST_BUG_LOG.compareAndSet(last, now)) {
            LOG.error("unexpected failure answering [{}]; answered 500 (further ones within a minute are not logged)",
                    ctx.channel().remoteAddress(), cause);
        }
        metrics.addServerError();
        if (ctx.channel().isActive()) {
            var response = Responses.full(HttpResponseStatus.INTERNAL_SERVER_ERROR, Responses.JSON_TYPE,
                    "{\"error\":\"internal error\",\"status\":500}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            response.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }
}
