package org.netllm.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the server's open connections: one past the cap is answered a bare 503 and closed before any byte is read,
 * so a flood of connections cannot take the descriptors that files and other clients need. This class is threadsafe.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private static final String REFUSAL_BODY =
            "{\"error\":\"the server has too many open connections\",\"status\":503}";
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nRetry-After: 1\r\nContent-Length: " + REFUSAL_BODY.length() + "\r\n\r\n"
            + REFUSAL_BODY).getBytes(StandardCharsets.US_ASCII);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ServerMetrics metrics;
    private final ClientErrorLog log;

    ConnectionLimit(int max, ServerMetrics metrics, ClientErrorLog log) {
        this.max = max;
        this.metrics = metrics;
        this.log = log;
        metrics.openConnectionsFrom(open::get);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            metrics.addConnectionRefused();
            log.mistake("connection over the limit", max + " connections are open");
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }

    int open() {
        return open.get();
    }
}
