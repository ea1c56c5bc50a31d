package org.netllm.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may read every session (the session list, and any session's own URL): clients on this machine (loopback),
 * and elsewhere only a request with {@code Authorization: Bearer KEY} when the server was given a key
 * ({@code --admin-key}). The dashboard page is same-origin and the server sends no CORS headers, so a page of
 * another origin cannot read these answers either. A session's owner reads and reports with its session token.
 *
 * @param adminKey the key that opens the list from other machines; empty: loopback only
 */
public record ApiAccess(Optional<String> adminKey) {

    /** Loopback only. */
    public static final ApiAccess LOOPBACK_ONLY = new ApiAccess(Optional.empty());

    public ApiAccess {
        if (adminKey.isPresent() && adminKey.get().length() < 16) {
            throw new IllegalArgumentException("an admin key needs at least 16 characters");
        }
    }

    public boolean admin(Channel channel, HttpRequest request) {
        if (channel.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null
                && peer.getAddress().isLoopbackAddress()) {
            return true;
        }
        Optional<String> presented = SessionOwners.bearer(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        return adminKey.isPresent() && presented.isPresent() && MessageDigest.isEqual(
                adminKey.get().getBytes(StandardCharsets.UTF_8), presented.get().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the caller may act on session {@code id}: its owner's token only. Otherwise answers 404 (unknown id) or
     * 403 (someone else's) and returns false. A session is known by its token, not by a board: a new session's actor
     * publishes its first view a moment after its id is handed out.
     *
     * @param noun       what a session is called in the messages ("session", "viewer session", "cluster")
     * @param createPath where one is created, for the 404's hint
     */
    public boolean allowsOwner(SessionOwners owners, ChannelHandlerContext ctx, HttpRequest request, String id,
                               String noun, String createPath) {
        return allows(owners, ctx, request, id, Readers.OWNER, noun, createPath);
    }

    /** As {@link #allowsOwner}, and this machine or the admin key may read too. */
    public boolean allowsOwnerOrAdmin(SessionOwners owners, ChannelHandlerContext ctx, HttpRequest request, String id,
                                      String noun, String createPath) {
        return allows(owners, ctx, request, id, Readers.OWNER_OR_ADMIN, noun, createPath);
    }

    private enum Readers { OWNER, OWNER_OR_ADMIN }

    /** Why a request is refused: its status and message. */
    public record Refusal(HttpResponseStatus status, String message) {
    }

    private boolean allows(SessionOwners owners, ChannelHandlerContext ctx, HttpRequest request, String id,
                           Readers readers, String noun, String createPath) {
        Optional<Refusal> refusal = refusal(owners, ctx.channel(), request, id, readers, noun, createPath);
        refusal.ifPresent(r -> Responses.error(ctx, request, r.status(), r.message()));
        return refusal.isEmpty();
    }

    /** What {@link #allowsOwner} answers when it refuses, without answering: empty if the owner asks. */
    Optional<Refusal> ownerRefusal(SessionOwners owners, Channel channel, HttpRequest request, String id,
                                   String noun, String createPath) {
        return refusal(owners, channel, request, id, Readers.OWNER, noun, createPath);
    }

    /** What {@link #allowsOwnerOrAdmin} answers when it refuses, without answering. */
    Optional<Refusal> ownerOrAdminRefusal(SessionOwners owners, Channel channel, HttpRequest request, String id,
                                          String noun, String createPath) {
        return refusal(owners, channel, request, id, Readers.OWNER_OR_ADMIN, noun, createPath);
    }

    private Optional<Refusal> refusal(SessionOwners owners, Channel channel, HttpRequest request, String id,
                                      Readers readers, String noun, String createPath) {
        if (!owners.known(id)) {
            return Optional.of(new Refusal(HttpResponseStatus.NOT_FOUND, "no " + noun + " " + id
                    + " (never created, or expired); create one with POST " + createPath));
        }
        Optional<String> token = SessionOwners.bearer(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (token.isPresent() && owners.owns(id, token.get())
                || readers == Readers.OWNER_OR_ADMIN && admin(channel, request)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(HttpResponseStatus.FORBIDDEN, noun + " " + id + " is not yours: send "
                + "Authorization: Bearer TOKEN with the token its create call returned"));
    }
}
