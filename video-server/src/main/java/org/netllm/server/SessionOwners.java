package org.netllm.server;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who owns each live session: the secret token its create call returned (later calls present it as
 * {@code Authorization: Bearer TOKEN}) and the client address that created it, for the per-client quota. Any task's
 * sessions use it the same way. A session that is no longer live (finished or expired, as the caller's predicate
 * says) no longer counts against its client. This class is threadsafe.
 */
public final class SessionOwners {

    /** A slot held for a client while its session is being created. */
    public record Reservation(InetAddress client) {
    }

    private record Owner(byte[] token, InetAddress client) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int perClient;
    private final Predicate<String> live;
    private final Predicate<String> readable;
    private final Map<String, Owner> owners = new HashMap<>();
    private final Map<InetAddress, Set<String>> byClient = new HashMap<>();
    private final Map<InetAddress, Integer> reserved = new HashMap<>();

    /**
     * @param perClient live sessions one client address may hold
     * @param live      whether a session id is still streaming (it counts against its client)
     * @param readable  whether a session can still be read (its owner's token is kept until it cannot)
     */
    public SessionOwners(int perClient, Predicate<String> live, Predicate<String> readable) {
        this.perClient = perClient;
        this.live = live;
        this.readable = readable;
    }

    /** A slot for one more session of this client, or empty when it already holds its quota. */
    public synchronized Optional<Reservation> reserve(InetAddress client) {
        Set<String> sessions = byClient.get(client);
        if (sessions != null) {
            sessions.removeIf(id -> !live.test(id));
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
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        owners.put(sessionId, new Owner(token.getBytes(StandardCharsets.US_ASCII), reservation.client()));
        byClient.computeIfAbsent(reservation.client(), c -> new HashSet<>()).add(sessionId);
        if (owners.size() > 2 * byClient.values().stream().mapToInt(Set::size).sum() + 2000) {
            owners.keySet().removeIf(id -> !readable.test(id));
            byClient.values().forEach(ids -> ids.removeIf(id -> !live.test(id)));
            byClient.values().removeIf(Set::isEmpty);
        }
        return token;
    }

    /** The session was not created: the slot is free again. */
    public synchronized void cancel(Reservation reservation) {
        unreserve(reservation);
    }

    /** Whether {@code token} is this session's (compared in constant time). */
    public synchronized boolean owns(String sessionId, String token) {
        Owner owner = owners.get(sessionId);
        return owner != null && token != null
                && MessageDigest.isEqual(owner.token(), token.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether the session was ever issued a token here (an unknown id is 404, a known one with a wrong token 403). */
    public synchronized boolean known(String sessionId) {
        return owners.containsKey(sessionId);
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
