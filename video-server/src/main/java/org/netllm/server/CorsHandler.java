package org.netllm.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * CORS for the origins a {@link CorsPolicy} allows: their preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered 204 here, and every response to their requests names the
 * origin and exposes the CMSD and {@code Retry-After} headers. Other origins get no CORS header, so browsers keep
 * the answers from their pages. Sits after {@link RequestSequencer} (one request at a time), so the origin it keeps
 * is the one of the request being answered. Not sharable: one per channel.
 */
final class CorsHandler extends ChannelDuplexHandler {

    static final String ALLOWED_METHODS = "GET, HEAD, POST";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, CMCD-Object, CMCD-Request, CMCD-Session, "
            + "CMCD-Status";
    static final String EXPOSED_HEADERS = "CMSD-Static, CMSD-Dynamic, Retry-After";

    private final CorsPolicy policy;
    private String origin;
    private boolean swallowing;

    CorsHandler(CorsPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String asked = request.headers().get(HttpHeaderNames.ORIGIN);
            origin = policy.allows(asked) ? asked : null;
            if (origin != null && request.method().equals(HttpMethod.OPTIONS)
                    && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
                swallowing = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                FullHttpResponse preflight = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
                preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                        .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                // Written from here, it does not pass this handler's write(): named here.
                named(preflight);
                Responses.send(ctx, request, preflight);
                return;
            }
            swallowing = false;
        } else if (swallowing && msg instanceof HttpContent) {
            swallowing = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && origin != null) {
            named(response);
        }
        ctx.write(msg, promise);
    }

    private void named(HttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
}
