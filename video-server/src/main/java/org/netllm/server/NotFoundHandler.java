package org.netllm.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Last handler: whatever no other handler claimed. */
final class NotFoundHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "nothing at this path; the player is at "
                + "/player/index.html, content under /video/, the API under /api/abr/sessions");
    }
}
