package org.netllm.server;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who owns each live session: the secret token its create call returned (later calls present it as
 * {@code Authorization: Bearer TOKEN}) and the client address that created it, for the per-client quota. Any task's
 * sessions use it the same way. A session that is no longer live (finished or expired, as the caller's predicate
 * says) no longer counts against its client. A session just created counts until its board shows it (its actor
 * publishes once it has started, after the create call may already have answered), for at most
 * {@value #START_GRACE_MS} ms. This class is threadsafe.
 *
 * <p>In cluster mode ({@link #signed}) a token is the HMAC of the session id under the cluster's secret, so the
 * front door of any node can check a token that another node issued; the quota then counts the sessions this front
 * door created that this node still shows live.
 */
public final class SessionOwners {

    /** A slot held for a client while its session is being created. */
    public record Reservation(InetAddress client) {
    }

    private record Owner(byte[] token, InetAddress client) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a created session counts while its board does not show it yet. */
    static final long START_GRACE_MS = 10_000;

    private final int perClient;
    private final Predicate<String> live;
    private final Predicate<String> readable;
    private final Map<String, Owner> owners = new HashMap<>();
    private final Map<InetAddress, Set<String>> byClient = new HashMap<>();
    private final Map<InetAddress, Integer> reserved = new HashMap<>();
    /** Sessions issued that the board has not shown yet, with their issue time (ns). */
    private final Map<String, Long> starting = new HashMap<>();
    private final byte[] signingKey;
    private final LongSupplier nanoClock;

    /**
     * @param perClient live sessions one client address may hold
     * @param live      whether a session id is still streaming (it counts against its client)
     * @param readable  whether a session can still be read (its owner's token is kept until it cannot)
     */
    public SessionOwners(int perClient, Predicate<String> live, Predicate<String> readable) {
        this(perClient, live, readable, null, System::nanoTime);
    }

    /** The same with another clock (ns), for tests of the start grace. */
    SessionOwners(int perClient, Predicate<String> live, Predicate<String> readable, LongSupplier nanoClock) {
        this(perClient, live, readable, null, nanoClock);
    }

    private SessionOwners(int perClient, Predicate<String> live, Predicate<String> readable, byte[] signingKey,
                          LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.perClient = perClient;
        this.live = live;
        this.readable = readable;
        this.signingKey = signingKey;
    }

    /** Owners whose tokens any node sharing {@code secret} can check (cluster mode). */
    public static SessionOwners signed(int perClient, Predicate<String> live, Predicate<String> readable,
                                       String secret) {
        return new SessionOwners(perClient, live, readable, secret.getBytes(StandardCharsets.UTF_8), System::nanoTime);
    }

    /** A slot for one more session of this client, or empty when it already holds its quota. */
    public synchronized Optional<Reservation> reserve(InetAddress client) {
        Set<String> sessions = byClient.get(client);
        if (sessions != null) {
            sessions.removeIf(id -> !counts(id));
            if (sessions.isEmpty()) {
                byClient.remove(client);
            }
        }
        int held = (sessions == null ? 0 : sessions.size()) + reserved.getOrDefault(client, 0);
        if (held >= perClient) {
            return Optional.empty();
        }
        reserved.merge(client, 1, Integer::sum);
        return Optional.of(new Reservation(client));
    }

    /** The session was created: it is the client's, and this token (returned once) proves it. */
    public synchronized String issue(Reservation reservation, String sessionId) {
        unreserve(reservation);
        String token = signingKey != null ? sign(sessionId) : randomToken();
        owners.put(sessionId, new Owner(token.getBytes(StandardCharsets.US_ASCII), reservation.client()));
        byClient.computeIfAbsent(reservation.client(), c -> new HashSet<>()).add(sessionId);
        starting.put(sessionId, nanoClock.getAsLong());
        if (owners.size() > 2 * byClient.values().stream().mapToInt(Set::size).sum() + 2000) {
            owners.keySet().removeIf(id -> !readable.test(id) && !starting.containsKey(id));
            byClient.values().forEach(ids -> ids.removeIf(id -> !counts(id)));
            byClient.values().removeIf(Set::isEmpty);
        }
        return token;
    }

    private static String randomToken() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private String sign(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The session was not created: the slot is free again. */
    public synchronized void cancel(Reservation reservation) {
        unreserve(reservation);
    }

    /** Whether {@code token} is this session's (compared in constant time). */
    public synchronized boolean owns(String sessionId, String token) {
        if (token == null) {
            return false;
        }
        if (signingKey != null) {
            return MessageDigest.isEqual(sign(sessionId).getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII));
        }
        Owner owner = owners.get(sessionId);
        return owner != null && MessageDigest.isEqual(owner.token(), token.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Whether the session was ever issued a token here (an unknown id is 404, a known one with a wrong token 403).
     * In cluster mode any id may be another front door's, so only its token tells.
     */
    public synchronized boolean known(String sessionId) {
        return signingKey != null || owners.containsKey(sessionId);
    }

    /** Whether a session counts against its client: live, or just created and not on its board yet. */
    private boolean counts(String id) {
        Long since = starting.get(id);
        if (since != null) {
            if (!readable.test(id) && nanoClock.getAsLong() - since < START_GRACE_MS * 1_000_000) {
                return true;
            }
            starting.remove(id);
        }
        return live.test(id);
    }

    private void unreserve(Reservation reservation) {
        reserved.computeIfPresent(reservation.client(), (c, n) -> n <= 1 ? null : n - 1);
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header, if it is one. */
    public static Optional<String> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).strip());
    }
}
