package org.netllm.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes complete responses with one keep-alive rule for every handler, of every task. */
public final class Responses {

    public static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    public static final String JSON_TYPE = "application/json";

    private Responses() {
    }

    public static void json(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            bytes = ("{\"error\":\"cannot encode the response\"}").getBytes(StandardCharsets.UTF_8);
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
        send(ctx, request, full(status, JSON_TYPE, bytes));
    }

    /** {@code body} as JSON, for a response that needs headers of its own. */
    public static byte[] jsonBytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot encode " + body, e);
        }
    }

    /** 405 with the methods the route takes in {@code Allow}. */
    public static void notAllowed(ChannelHandlerContext ctx, HttpRequest request, String allowed) {
        FullHttpResponse response = full(HttpResponseStatus.METHOD_NOT_ALLOWED, JSON_TYPE,
                ("{\"error\":\"method " + request.method() + " not allowed here; use " + allowed
                        + "\",\"status\":405}").getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        send(ctx, request, response);
    }

    /** A JSON error {@code {"error": message, "status": code}}. */
    public static void error(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String message) {
        json(ctx, request, status, Map.of("error", message, "status", status.code()));
    }

    /**
     * A JSON error with {@code Retry-After: seconds}: for answers that say "not now" (a quota, a cap, a warm-up),
     * so that clients back off instead of retrying at once.
     */
    public static void errorRetryAfter(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                                       String message, int seconds) {
        FullHttpResponse response = full(status, JSON_TYPE, jsonBytes(Map.of("error", message, "status",
                status.code())));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, String.valueOf(seconds));
        send(ctx, request, response);
    }

    public static void text(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String contentType,
                     String body) {
        send(ctx, request, full(status, contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    public static FullHttpResponse full(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** The one exit point: keeps the connection open when the client asked and the response allows it. */
    public static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        boolean keepAlive = keepAlive(request, response);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The channel's event loop as an executor for answers that complete elsewhere (actors, a worker thread); once the
     * loop has shut down (the server is closing) such an answer is dropped.
     */
    public static java.util.concurrent.Executor eventLoopOf(ChannelHandlerContext ctx) {
        return task -> {
            try {
                ctx.executor().execute(task);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // Nobody is left to answer.
            }
        };
    }

    /**
     * What an answer written later needs of its request (version, method, headers for keep-alive), without the body:
     * nothing reference-counted outlives the handler, even when the answer never comes.
     */
    public static HttpRequest headOf(HttpRequest request) {
        var head = new io.netty.handler.codec.http.DefaultHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), request.headers().copy());
        head.setDecoderResult(request.decoderResult());
        return head;
    }

    public static boolean keepAlive(HttpRequest request, HttpResponse response) {
        // A request the decoder could not parse leaves the byte stream in an unknown state: close after answering.
        return request != null && !request.decoderResult().isFailure() && HttpUtil.isKeepAlive(request);
    }
}
