package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Cluster mode's session tokens: any front door with the cluster's secret checks a token another one issued. */
class SignedTokensTest {

    private static final String SECRET = "the-cluster-secret-0123";

    private static SessionOwners door(String secret) {
        return SessionOwners.signed(4, id -> true, id -> true, secret);
    }

    @Test
    void aTokenIssuedByOneFrontDoorIsAcceptedByAnotherWithTheSameSecretOnly() {
        SessionOwners issuing = door(SECRET);
        String token = issuing.issue(issuing.reserve(InetAddress.getLoopbackAddress()).orElseThrow(), "session-1");

        SessionOwners other = door(SECRET);
        assertThat(other.known("session-1")).isTrue();
        assertThat(other.owns("session-1", token)).isTrue();
        assertThat(other.owns("session-2", token)).isFalse();
        assertThat(other.owns("session-1", token.substring(1))).isFalse();
        assertThat(other.owns("session-1", null)).isFalse();
        assertThat(door("another-secret-of-length").owns("session-1", token)).isFalse();
    }

    @Test
    void singleJvmTokensStayRandomAndLocal() {
        SessionOwners local = new SessionOwners(4, id -> true, id -> true);
        String token = local.issue(local.reserve(InetAddress.getLoopbackAddress()).orElseThrow(), "session-1");
        assertThat(new SessionOwners(4, id -> true, id -> true).owns("session-1", token)).isFalse();
        assertThat(new SessionOwners(4, id -> true, id -> true).known("session-1")).isFalse();
        assertThat(token).isNotEqualTo(door(SECRET).issue(door(SECRET).reserve(InetAddress.getLoopbackAddress())
                .orElseThrow(), "session-1"));
    }
}
