package org.netllm.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every route (ABR, VP, CJS, admin, content, pages), with
 * request and response schemas, from the resource {@code openapi.json} beside this class. GET and HEAD only.
 */
@ChannelHandler.Sharable
final class OpenApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PATH = "/openapi.json";

    private final byte[] document;

    OpenApiHandler() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the video-server jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!new QueryStringDecoder(request.uri()).path().equals(PATH)) {
            ctx.fireChannelRead(request.retain());
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            Responses.notAllowed(ctx, request, "GET, HEAD");
            return;
        }
        Responses.send(ctx, request, Responses.full(HttpResponseStatus.OK, Responses.JSON_TYPE, document));
    }
}
