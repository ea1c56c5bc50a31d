package org.netllm.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One request at a time per connection. Pipelined requests wait here (as decoded, between the codec and the
 * aggregator) until the previous response has been written out to the socket, so answers leave in request order
 * whatever order the actors answer in, at most one file per connection is open, and nothing is read from the socket
 * while a complete request waits (the channel does not auto-read; this handler asks for bytes when it has none).
 * A response marked {@code Connection: close} ends the connection: requests behind it are dropped, as HTTP/1.1
 * says, instead of racing it.
 */
final class RequestSequencer extends ChannelDuplexHandler {

    private final ConnectionTimeouts timeouts;
    private final ServerMetrics metrics;
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    // A request has been passed on and its response is not yet written out.
    private boolean inFlight;
    // The request passed on has parts still to come (its body).
    private boolean partsPending;
    private boolean closing;
    private boolean draining;
    private boolean drainAgain;

    RequestSequencer(ConnectionTimeouts timeouts, ServerMetrics metrics) {
        this.timeouts = timeouts;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject object) || closing) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (endsRequest(object)) {
            timeouts.requestComplete();
        }
        waiting.add(object);
        drain();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise);
                return;
            }
            if (response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
                closing = true;
            }
        }
        if (msg instanceof LastHttpContent) {
            ChannelPromise done = promise.unvoid();
            done.addListener(f -> {
                if (!f.isSuccess()) {
                    ctx.close();
                    return;
                }
                responseWritten();
            });
            ctx.write(msg, done);
            return;
        }
        ctx.write(msg, promise);
    }

    private void responseWritten() {
        if (inFlight) {
            metrics.requestFinished();
        }
        inFlight = false;
        if (closing) {
            discardWaiting();
            return;
        }
        drain();
    }

    private void drain() {
        if (draining) {
            // A response written synchronously while passing a request on: the outer loop goes on.
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                while (!waiting.isEmpty() && !closing) {
                    HttpObject next = waiting.peek();
                    boolean start = next instanceof HttpRequest;
                    if (start && inFlight) {
                        break;
                    }
                    if (!start && !partsPending) {
                        // A stray part with no request (cannot come from the codec): nothing to do with it.
                        ReferenceCountUtil.release(waiting.poll());
                        continue;
                    }
                    waiting.poll();
                    if (start) {
                        inFlight = true;
                        metrics.requestStarted();
                    }
                    partsPending = !endsRequest(next);
                    ctx.fireChannelRead(next);
                }
            } while (drainAgain);
        } finally {
            draining = false;
        }
        if (closing) {
            discardWaiting();
            return;
        }
        if (waiting.isEmpty() && (!inFlight || partsPending) && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    private static boolean endsRequest(HttpObject object) {
        return object instanceof LastHttpContent
                || object.decoderResult().isFailure();
    }

    private void discardWaiting() {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (inFlight) {
            // Its response will never be written: it no longer holds a drain.
            inFlight = false;
            metrics.requestFinished();
        }
        discardWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discardWaiting();
    }
}
