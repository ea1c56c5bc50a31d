package org.netllm.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node of a live cluster, as the command line describes it; {@link #config()} is the Pekko configuration it
 * needs (no file asked of the user). Downing is Pekko's split-brain resolver (keep-majority): a node that stops
 * answering heartbeats is downed after {@code stableAfter}, and its shards and its share of the policy ring move
 * to the others.
 *
 * @param canonical   where this node's Artery transport listens (what the others dial)
 * @param seedNodes   the nodes a starting node contacts to join (this node may be one of them)
 * @param roles       front and/or policy
 * @param stableAfter how long membership must be stable before the resolver downs unreachable nodes
 * @param tokenSecret the key every front door signs and checks session tokens with (the same on every node)
 */
public record ClusterSettings(ClusterAddress canonical, List<ClusterAddress> seedNodes, Set<ClusterRole> roles,
                              Duration stableAfter, String tokenSecret) {

    /** The actor system's name: it is part of every node address, so all nodes share it. */
    public static final String SYSTEM_NAME = "netllm";
    /** Short enough that a killed node's sessions move within seconds, long enough for a GC pause on 2 cores. */
    public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(3);
    public static final int MIN_SECRET_CHARS = 16;

    public ClusterSettings {
        seedNodes = List.copyOf(seedNodes);
        roles = Set.copyOf(roles);
        if (seedNodes.isEmpty() || roles.isEmpty()) {
            throw new IllegalArgumentException("a cluster node needs seed nodes and at least one role");
        }
        if (tokenSecret == null || tokenSecret.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("the token secret needs at least " + MIN_SECRET_CHARS + " characters");
        }
    }

    public boolean has(ClusterRole role) {
        return roles.contains(role);
    }

    /** The Pekko configuration of this node, over the defaults of the classpath. */
    public Config config() {
        String seeds = seedNodes.stream().map(a -> quote(a.pekkoAddress(SYSTEM_NAME)))
                .collect(Collectors.joining(", "));
        String roleList = roles.stream().map(r -> quote(r.label())).sorted().collect(Collectors.joining(", "));
        String text = """
                pekko {
                  actor {
                    provider = cluster
                    serialization-bindings {
                      "org.netllm.actors.cluster.CborSerializable" = jackson-cbor
                    }
                  }
                  remote.artery {
                    transport = tcp
                    canonical.hostname = %s
                    canonical.port = %d
                  }
                  cluster {
                    seed-nodes = [%s]
                    roles = [%s]
                    downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
                    split-brain-resolver {
                      active-strategy = keep-majority
                      stable-after = %dms
                    }
                    # A session's shard is re-homed on the next message after its node is downed.
                    sharding.remember-entities = off
                    jmx.enabled = off
                    log-info = off
                  }
                  coordinated-shutdown.exit-jvm = off
                }
                """.formatted(quote(canonical.host()), canonical.port(), seeds, roleList, stableAfter.toMillis());
        return ConfigFactory.parseString(text).withFallback(ConfigFactory.load());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Builds {@link ClusterSettings} by named settings. */
    public static final class Builder {
        private final ClusterAddress canonical;
        private final String tokenSecret;
        private List<ClusterAddress> seedNodes;
        private Set<ClusterRole> roles = EnumSet.allOf(ClusterRole.class);
        private Duration stableAfter = DEFAULT_STABLE_AFTER;

        /** A node listening on {@code canonical}, its own seed until told otherwise, with every role. */
        public Builder(ClusterAddress canonical, String tokenSecret) {
            this.canonical = canonical;
            this.tokenSecret = tokenSecret;
            this.seedNodes = List.of(canonical);
        }

        public Builder seedNodes(List<ClusterAddress> value) {
            this.seedNodes = value;
            return this;
        }

        public Builder roles(Set<ClusterRole> value) {
            this.roles = value;
            return this;
        }

        public Builder stableAfter(Duration value) {
            this.stableAfter = value;
            return this;
        }

        public ClusterSettings build() {
            return new ClusterSettings(canonical, seedNodes, roles, stableAfter, tokenSecret);
        }
    }
}
