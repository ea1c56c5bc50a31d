package org.netllm.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.netllm.actors.Batching;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Bba;

/**
 * Everything a {@link VideoServer} needs.
 *
 * @param bindAddress      where to listen (loopback by default)
 * @param port             0 picks a free port
 * @param content          the DASH content directory
 * @param policy           makes the decision policy (again after every restart)
 * @param policyName       its name in views and metrics
 * @param batching         how the policy actor groups concurrent decisions
 * @param fallback         each session's fallback controller's policy
 * @param decisionDeadline how long a session waits for the policy
 * @param idleTimeout      sessions idle this long expire
 * @param maxSessions      concurrent sessions allowed
 * @param maxBodyBytes     largest request body accepted
 * @param http             connection cap, connection timeouts, sessions per client
 * @param access           who may read every session (loopback, or a key)
 */
public record ServerConfig(InetAddress bindAddress, int port, Path content, Supplier<BatchAbrPolicy> policy,
                           String policyName, Batching batching, AbrPolicy fallback, Duration decisionDeadline,
                           Duration idleTimeout, int maxSessions, int maxBodyBytes, HttpLimits http,
                           ApiAccess access) {

    /** The configuration with the default HTTP limits and loopback-only access to the session list. */
    public ServerConfig(InetAddress bindAddress, int port, Path content, Supplier<BatchAbrPolicy> policy,
                        String policyName, Batching batching, AbrPolicy fallback, Duration decisionDeadline,
                        Duration idleTimeout, int maxSessions, int maxBodyBytes) {
        this(bindAddress, port, content, policy, policyName, batching, fallback, decisionDeadline, idleTimeout,
                maxSessions, maxBodyBytes, HttpLimits.DEFAULT, ApiAccess.LOOPBACK_ONLY);
    }

    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    /** Defaults: loopback, BBA fallback, 100 ms deadline, 2 min idle timeout, no batching. */
    public static ServerConfig of(int port, Path content, AbrPolicy policy) {
        return new ServerConfig(InetAddress.getLoopbackAddress(), port, content,
                () -> BatchAbrPolicy.perSession(policy), policy.name(), Batching.OFF, Bba.PENSIEVE,
                Duration.ofMillis(100), Duration.ofMinutes(2), DEFAULT_MAX_SESSIONS, DEFAULT_MAX_BODY_BYTES,
                HttpLimits.DEFAULT, ApiAccess.LOOPBACK_ONLY);
    }

    public ServerConfig withBatching(Batching batching) {
        return new ServerConfig(bindAddress, port, content, policy, policyName, batching, fallback, decisionDeadline,
                idleTimeout, maxSessions, maxBodyBytes, http, access);
    }

    public ServerConfig withDecisionDeadline(Duration deadline) {
        return new ServerConfig(bindAddress, port, content, policy, policyName, batching, fallback, deadline,
                idleTimeout, maxSessions, maxBodyBytes, http, access);
    }

    public ServerConfig withPolicy(Supplier<BatchAbrPolicy> policy, String policyName) {
        return new ServerConfig(bindAddress, port, content, policy, policyName, batching, fallback, decisionDeadline,
                idleTimeout, maxSessions, maxBodyBytes, http, access);
    }

    public ServerConfig withHttpLimits(HttpLimits limits) {
        return new ServerConfig(bindAddress, port, content, policy, policyName, batching, fallback, decisionDeadline,
                idleTimeout, maxSessions, maxBodyBytes, limits, access);
    }

    public ServerConfig withAccess(ApiAccess access) {
        return new ServerConfig(bindAddress, port, content, policy, policyName, batching, fallback, decisionDeadline,
                idleTimeout, maxSessions, maxBodyBytes, http, access);
    }

    public ServerConfig withBindAddress(InetAddress address) {
        return new ServerConfig(address, port, content, policy, policyName, batching, fallback, decisionDeadline,
                idleTimeout, maxSessions, maxBodyBytes, http, access);
    }
}
