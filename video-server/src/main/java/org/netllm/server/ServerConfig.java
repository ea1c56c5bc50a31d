package org.netllm.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.netllm.actors.cluster.ClusterSettings;
import java.util.function.Supplier;
import org.netllm.server.cjs.CjsLive;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.actors.Batching;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.vp.Velocity;
import org.netllm.controller.vp.YawHandling;
import org.netllm.server.abr.CmcdSteering;
import org.netllm.server.vp.VpLive;

/**
 * Everything a {@link VideoServer} needs. Built with {@link #of} and the withers, or {@link #toBuilder()}.
 *
 * @param bindAddress      where to listen (loopback by default)
 * @param port             0 picks a free port
 * @param content          the DASH content directory
 * @param policy           makes the ABR decision policy (again after every restart)
 * @param policyName       its name in views and metrics
 * @param batching         how the ABR policy actor groups concurrent decisions
 * @param fallback         each ABR session's fallback controller's policy
 * @param decisionDeadline how long an ABR session waits for the policy
 * @param idleTimeout      ABR sessions idle this long expire
 * @param maxSessions      concurrent ABR sessions allowed
 * @param maxBodyBytes     largest request body accepted
 * @param http             connection cap, connection timeouts, sessions per client
 * @param access           who may read every session (loopback, or a key)
 * @param viewports        the live viewport prediction (VP) part: its predictor and viewer settings
 * @param clusters         the live cluster job scheduling (CJS) part: its scheduler and cluster settings
 * @param cluster          cluster mode: this node's Pekko Cluster settings (ABR sessions sharded over the front
 *                         nodes, the ABR policy on the policy nodes); empty: one JVM, as by default
 * @param cmcd             what a content request with malformed CMCD gets: served (the keys ignored and counted) or,
 *                         strict, 400 (for tests of players)
 * @param cors             which other origins' pages may call the server from a browser (none by default)
 */
public record ServerConfig(InetAddress bindAddress, int port, Path content, Supplier<BatchAbrPolicy> policy,
                           String policyName, Batching batching, AbrPolicy fallback, Duration decisionDeadline,
                           Duration idleTimeout, int maxSessions, int maxBodyBytes, HttpLimits http,
                           ApiAccess access, VpLive viewports, CjsLive clusters, Optional<ClusterSettings> cluster,
                           CmcdSteering.Mode cmcd, CorsPolicy cors) {

    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    /**
     * Defaults: loopback, BBA fallback, 100 ms deadline, 2 min idle timeout, no batching, the default HTTP limits,
     * loopback-only access to the session lists, and Velocity as the viewport predictor.
     */
    public static ServerConfig of(int port, Path content, AbrPolicy policy) {
        return new Builder(content, () -> BatchAbrPolicy.perSession(policy), policy.name()).port(port).build();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(content, policy, policyName);
        b.bindAddress = bindAddress;
        b.port = port;
        b.batching = batching;
        b.fallback = fallback;
        b.decisionDeadline = decisionDeadline;
        b.idleTimeout = idleTimeout;
        b.maxSessions = maxSessions;
        b.maxBodyBytes = maxBodyBytes;
        b.http = http;
        b.access = access;
        b.viewports = viewports;
        b.clusters = clusters;
        b.cluster = cluster;
        b.cmcd = cmcd;
        b.cors = cors;
        return b;
    }

    public ServerConfig withBatching(Batching other) {
        return toBuilder().batching(other).build();
    }

    public ServerConfig withDecisionDeadline(Duration deadline) {
        return toBuilder().decisionDeadline(deadline).build();
    }

    public ServerConfig withPolicy(Supplier<BatchAbrPolicy> other, String name) {
        Builder b = toBuilder();
        b.policy = other;
        b.policyName = name;
        return b.build();
    }

    public ServerConfig withHttpLimits(HttpLimits limits) {
        return toBuilder().http(limits).build();
    }

    public ServerConfig withAccess(ApiAccess other) {
        return toBuilder().access(other).build();
    }

    public ServerConfig withBindAddress(InetAddress address) {
        return toBuilder().bindAddress(address).build();
    }

    public ServerConfig withViewports(VpLive other) {
        return toBuilder().viewports(other).build();
    }

    public ServerConfig withClusters(CjsLive other) {
        return toBuilder().clusters(other).build();
    }

    /** Builds a {@link ServerConfig} by named settings, from the defaults of {@link #of}. */
    public static final class Builder {
        private final Path content;
        private Supplier<BatchAbrPolicy> policy;
        private String policyName;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private Batching batching = Batching.OFF;
        private AbrPolicy fallback = Bba.PENSIEVE;
        private Duration decisionDeadline = Duration.ofMillis(100);
        private Duration idleTimeout = Duration.ofMinutes(2);
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private HttpLimits http = HttpLimits.DEFAULT;
        private ApiAccess access = ApiAccess.LOOPBACK_ONLY;
        private VpLive viewports = VpLive.of(new Velocity(YawHandling.RAW), DEFAULT_MAX_SESSIONS);
        // Simulated clusters read the TPC-H DAGs of the data directory next to the project (serve points elsewhere).
        private CjsLive clusters = CjsLive.of(RoundRobin.fair(), Path.of("../shared/data/cjs/tpch").toAbsolutePath()
                .normalize(), 1000);
        private Optional<ClusterSettings> cluster = Optional.empty();
        private CmcdSteering.Mode cmcd = CmcdSteering.Mode.LENIENT;
        private CorsPolicy cors = CorsPolicy.NONE;

        /** Serves {@code content} with the ABR policy {@code policy} called {@code policyName}. */
        public Builder(Path content, Supplier<BatchAbrPolicy> policy, String policyName) {
            this.content = content;
            this.policy = policy;
            this.policyName = policyName;
        }

        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder batching(Batching value) {
            this.batching = value;
            return this;
        }

        public Builder fallback(AbrPolicy value) {
            this.fallback = value;
            return this;
        }

        public Builder decisionDeadline(Duration value) {
            this.decisionDeadline = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        public Builder maxSessions(int value) {
            this.maxSessions = value;
            return this;
        }

        public Builder maxBodyBytes(int value) {
            this.maxBodyBytes = value;
            return this;
        }

        public Builder http(HttpLimits value) {
            this.http = value;
            return this;
        }

        public Builder access(ApiAccess value) {
            this.access = value;
            return this;
        }

        public Builder viewports(VpLive value) {
            this.viewports = value;
            return this;
        }

        public Builder clusters(CjsLive value) {
            this.clusters = value;
            return this;
        }

        /** Runs this server as one node of a Pekko Cluster. */
        public Builder cluster(ClusterSettings value) {
            this.cluster = Optional.of(value);
            return this;
        }

        /** What a content request with malformed CMCD gets (lenient by default). */
        public Builder cmcd(CmcdSteering.Mode value) {
            this.cmcd = value;
            return this;
        }

        /** Which other origins' pages may call the server (CORS); none by default. */
        public Builder cors(CorsPolicy value) {
            this.cors = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, content, policy, policyName, batching, fallback,
                    decisionDeadline, idleTimeout, maxSessions, maxBodyBytes, http, access, viewports, clusters,
                    cluster, cmcd, cors);
        }
    }
}
