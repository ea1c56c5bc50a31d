package org.netllm.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the server without using it: idle ones (the {@link io.netty.handler.timeout.IdleStateHandler}
 * before this one reports no byte read or written), and ones whose request does not arrive whole within the request
 * timeout of its first byte (a slow sender dribbling headers a byte a second). Sits before the HTTP codec;
 * {@link RequestSequencer} tells it when a request is complete.
 */
final class ConnectionTimeouts extends ChannelDuplexHandler {

    private final long requestTimeoutNanos;
    private final ClientErrorLog log;
    private ScheduledFuture<?> requestDeadline;

    ConnectionTimeouts(Duration requestTimeout, ClientErrorLog log) {
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && bytes.isReadable() && requestDeadline == null) {
            requestDeadline = ctx.executor().schedule(() -> {
                log.mistake("request too slow", "no complete request within "
                        + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms of its first byte from "
                        + ctx.channel().remoteAddress());
                ctx.close();
            }, requestTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request arrived: the next one's clock starts with its first byte. */
    void requestComplete() {
        if (requestDeadline != null) {
            requestDeadline.cancel(false);
            requestDeadline = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        requestComplete();
        ctx.fireChannelInactive();
    }
}
