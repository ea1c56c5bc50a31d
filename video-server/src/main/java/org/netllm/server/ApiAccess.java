package org.netllm.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
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
}
