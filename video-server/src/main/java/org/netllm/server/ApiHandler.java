package org.netllm.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.netllm.actors.SessionRegistry;

/**
 * One task's JSON API, its dispatch task-free, on the {@link ApiRoutes} the task declares: {@code POST prefix}
 * creates; {@code GET}/{@code HEAD prefix} lists (this machine or the admin key only); {@code POST
 * prefix/{id}/action} acts on a resource (its owner only) with a strict JSON body; {@code GET}/{@code HEAD
 * prefix/{id}} reads one (its owner, this machine or the admin key). Another method is 405 with {@code Allow},
 * another path under the prefix 404 naming the API, and a request outside the prefix is passed on. Who may act is
 * checked before the body is read ({@link ApiGate} on the request's head, with the same answers), and a body that
 * does not read is 400 before the task sees it. The task's
 * handler answers each route; answers that complete elsewhere are written on the channel's event loop. Not
 * sharable: one per channel.
 *
 * @param <B> what an action's body reads as
 */
public abstract class ApiHandler<B> extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ApiRoutes routes;
    private final SessionOwners owners;
    private final ApiAccess access;
    private final Readiness readiness;

    /** @param readiness once it is closing (the server drains before it stops), creates are 503 */
    protected ApiHandler(ApiRoutes routes, SessionOwners owners, ApiAccess access, Readiness readiness) {
        this.routes = routes;
        this.owners = owners;
        this.access = access;
        this.readiness = readiness;
    }

    /** {@code POST prefix}: opens a resource; its body, if any, is the task's to read. */
    protected abstract void create(ChannelHandlerContext ctx, FullHttpRequest request);

    /** {@code GET}/{@code HEAD prefix}, for this machine or the admin key. */
    protected abstract void list(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder target);

    /** An action's body as the task reads it; anything else is a {@code BadJson} (400). */
    protected abstract B actionBody(FullHttpRequest request) throws StrictJson.BadJson;

    /** {@code POST prefix/{id}/action} by the resource's owner, with its body read. */
    protected abstract void act(ChannelHandlerContext ctx, FullHttpRequest request, String id, B body);

    /** {@code GET}/{@code HEAD prefix/{id}} by its owner, this machine or the admin key. */
    protected abstract void read(ChannelHandlerContext ctx, FullHttpRequest request, String id);

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder target = new QueryStringDecoder(request.uri());
        String path = target.path();
        ApiRoutes.Route route = routes.route(request.method(), path);
        switch (route.kind()) {
            case ELSEWHERE -> ctx.fireChannelRead(request.retain());
            case CREATE -> createUnlessDraining(ctx, request);
            case LIST -> listForAdmin(ctx, request, target);
            case ACT -> actForOwner(ctx, request, route.id());
            case READ -> readForOwnerOrAdmin(ctx, request, route.id());
            case NOT_ALLOWED -> Responses.notAllowed(ctx, request, route.allow());
            case NOT_FOUND -> Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, routes.notFound(path));
        }
    }

    private void createUnlessDraining(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (readiness.isClosing()) {
            Responses.errorRetryAfter(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "this server is shutting "
                    + "down: it answers its sessions' requests until they stop, and opens no new " + routes.resource()
                    + "; open it on another server", 5);
            return;
        }
        create(ctx, request);
    }

    private void listForAdmin(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder target) {
        if (!access.admin(ctx.channel(), request)) {
            Responses.error(ctx, request, HttpResponseStatus.FORBIDDEN, routes.listClosed());
            return;
        }
        list(ctx, request, target);
    }

    private void actForOwner(ChannelHandlerContext ctx, FullHttpRequest request, String id) {
        if (!access.allowsOwner(owners, ctx, request, id, routes.resource(), routes.prefix())) {
            return;
        }
        B body;
        try {
            body = actionBody(request);
        } catch (StrictJson.BadJson e) {
            Responses.error(ctx, request, e.status(), e.getMessage());
            return;
        }
        act(ctx, request, id, body);
    }

    private void readForOwnerOrAdmin(ChannelHandlerContext ctx, FullHttpRequest request, String id) {
        if (access.allowsOwnerOrAdmin(owners, ctx, request, id, routes.resource(), routes.prefix())) {
            read(ctx, request, id);
        }
    }

    /** A slot in this client's quota for a resource being created; empty when the client has its quota. */
    protected final Optional<SessionOwners.Reservation> reserve(ChannelHandlerContext ctx) {
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress peer
                && peer.getAddress() != null ? peer.getAddress() : InetAddress.getLoopbackAddress();
        return owners.reserve(client);
    }

    /** Gives back a slot whose resource was not created. */
    protected final void cancel(SessionOwners.Reservation slot) {
        owners.cancel(slot);
    }

    /**
     * Answers a create when the registry does: 201 with the new id, its owner's token and then what {@code fields}
     * adds; a refusal or no answer in time gives the slot back and is 503.
     *
     * @param kept the request's head ({@link Responses#headOf}), as the body is gone by then
     */
    protected final void answerOpen(ChannelHandlerContext ctx, HttpRequest kept, SessionOwners.Reservation slot,
                                    CompletionStage<SessionRegistry.OpenReply> reply,
                                    Consumer<Map<String, Object>> fields) {
        reply.whenCompleteAsync((answer, failure) -> {
            if (answer instanceof SessionRegistry.Opened opened) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put(routes.idField(), opened.sessionId());
                body.put("token", owners.issue(slot, opened.sessionId()));
                fields.accept(body);
                Responses.json(ctx, kept, HttpResponseStatus.CREATED, body);
                return;
            }
            owners.cancel(slot);
            String reason = answer instanceof SessionRegistry.Refused refused ? refused.reason()
                    : routes.registryLate();
            Responses.errorRetryAfter(ctx, kept, HttpResponseStatus.SERVICE_UNAVAILABLE, reason, 5);
        }, Responses.eventLoopOf(ctx));
    }
}
