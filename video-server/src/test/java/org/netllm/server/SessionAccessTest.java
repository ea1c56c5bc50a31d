package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

/** Sessions belong to their clients: a per-client quota, finished sessions freeing their slot, a list not open to all. */
class SessionAccessTest {

    @TempDir
    static Path tmp;

    private static ServerConfig config(String name) throws IOException {
        return ServerConfig.of(0, TestContent.write(tmp.resolve(name)), Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10));
    }

    @Test
    void aClientPastItsSessionQuotaIsAnswered429AndAFinishedSessionFreesItsSlotAtOnce() throws Exception {
        try (VideoServer server = VideoServer.start(config("quota")
                .withHttpLimits(HttpLimits.DEFAULT.withSessionsPerClient(2)));
             RawHttp http = new RawHttp(server.port())) {
            DecisionApiTest.Session first = DecisionApiTest.newSession(http);
            DecisionApiTest.newSession(http);
            RawHttp.Response third = http.post("/api/abr/sessions", "{}");
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.header("retry-after")).isNotNull();
            for (int chunk = 0; chunk < TestContent.CHUNKS; chunk++) {
                assertThat(http.post(first.chunks(), DecisionApiTest.report(chunk, 0, 20, 0), first.auth()).status())
                        .isEqualTo(200);
            }
            // Finished: its slot is free without waiting for the idle timeout, and it is still readable.
            assertThat(http.post("/api/abr/sessions", "{}").status()).isEqualTo(201);
            assertThat(http.get("/api/abr/sessions/" + first.id(), first.auth()).text()).contains("\"finished\":true");
        }
    }

    @Test
    void aPageOfTheListStaysSmallHoweverManySessionsHaveLongHistories() throws Exception {
        try (VideoServer server = VideoServer.start(config("many")
                .withHttpLimits(HttpLimits.DEFAULT.withSessionsPerClient(1000)));
             RawHttp http = new RawHttp(server.port())) {
            for (int i = 0; i < 400; i++) {
                DecisionApiTest.Session s = DecisionApiTest.newSession(http);
                for (int chunk = 0; chunk < TestContent.CHUNKS - 1; chunk++) {
                    http.post(s.chunks(), DecisionApiTest.report(chunk, 0, 20, 0), s.auth());
                }
            }
            RawHttp.Response page = http.get("/api/abr/sessions");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("\"total\":400").doesNotContain("\"chunks\"");
            // 50 summaries of a few hundred bytes each, not 400 sessions with their histories.
            assertThat(page.body().length).isLessThan(50 * 600);
        }
    }

    @Test
    void theSessionListAndOthersSessionsAreClosedToOtherMachinesWithoutTheAdminKey() throws Exception {
        Optional<InetAddress> lan = nonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to connect from");
        String key = "a-long-enough-admin-key";
        try (VideoServer server = VideoServer.start(config("access").withBindAddress(lan.get())
                .withAccess(new ApiAccess(Optional.of(key))));
             RawHttp http = new RawHttp(lan.get().getHostAddress(), server.port())) {
            DecisionApiTest.Session session = DecisionApiTest.newSession(http);
            RawHttp.Response list = http.get("/api/abr/sessions");
            assertThat(list.status()).isEqualTo(403);
            assertThat(list.text()).contains("--admin-key");
            assertThat(http.get("/api/abr/sessions/" + session.id()).status()).isEqualTo(403);
            assertThat(http.get("/api/abr/sessions", "Authorization: Bearer wrong-key-of-some-length").status())
                    .isEqualTo(403);
            assertThat(http.get("/api/abr/sessions", "Authorization: Bearer " + key).status()).isEqualTo(200);
            assertThat(http.get("/api/abr/sessions/" + session.id(), session.auth()).status()).isEqualTo(200);
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
