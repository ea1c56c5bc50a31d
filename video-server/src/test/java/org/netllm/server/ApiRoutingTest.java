package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.server.cjs.CjsLive;

/**
 * The routes of the three JSON APIs (ABR, VP, CJS) side by side: which path and method reach which answer, the 4xx
 * and the exact error each mistake gets, and in which order a request's owner, body and quota are checked. Two
 * sessions per client, so that the quota is reached within the test.
 */
class ApiRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ABSENT_UUID = "00000000-0000-0000-0000-000000000000";

    /** One API: where it lives, what its action is called, what its resource is called in messages. */
    private record Api(String prefix, String action, String noun, String absentId, String notFound, String idField) {
        String notFound(String path) {
            return notFound.formatted(path);
        }
    }

    private static final Api ABR = new Api("/api/abr/sessions", "chunks", "session", "no-such-session",
            "no API resource %s; see video-server/README.md for the decision API", "sessionId");
    private static final Api VP = new Api("/api/vp/sessions", "samples", "viewer session", ABSENT_UUID,
            "no VP API resource %s; see video-server/README.md for the viewport prediction API", "sessionId");
    private static final Api CJS = new Api("/api/cjs/clusters", "decisions", "cluster", ABSENT_UUID,
            "no CJS API resource %s; see video-server/README.md for the cluster scheduling API", "clusterId");
    private static final List<Api> APIS = List.of(ABR, VP, CJS);

    @TempDir
    static Path tmp;
    private static VideoServer server;
    /** The one session each API holds for this client from the start: id and token, in the order of APIS. */
    private static final String[][] OWN = new String[3][];

    @BeforeAll
    static void start() throws Exception {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path tpch = data.resolve("cjs/tpch");
        assertThat(Files.isDirectory(tpch)).as("the TPC-H DAGs at " + tpch).isTrue();
        CjsLive cjs = CjsLive.of(RoundRobin.fair(), tpch, 10)
                .withSettings(CjsSessionSettings.defaults(tpch, 10).withDeadline(Duration.ofSeconds(10)));
        server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10)).withClusters(cjs)
                .withHttpLimits(HttpLimits.DEFAULT.withSessionsPerClient(2)));
        try (RawHttp http = new RawHttp(server.port())) {
            for (int i = 0; i < APIS.size(); i++) {
                RawHttp.Response created = http.post(APIS.get(i).prefix(), "{}");
                assertThat(created.status()).as(created.text()).isEqualTo(201);
                JsonNode body = JSON.readTree(created.body());
                OWN[i] = new String[] {body.get(APIS.get(i).idField()).asText(), body.get("token").asText()};
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A JSON error as every API writes it: the status, its JSON body, its length, not cached. */
    private static void assertError(RawHttp.Response response, int status, String message) throws IOException {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(response.header("cache-control")).isEqualTo("no-store");
        assertThat(response.header("content-length")).isEqualTo(Integer.toString(response.body().length));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(message);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.size()).isEqualTo(2);
    }

    private static void assertNotAllowed(RawHttp.Response response, String method, String allowed) throws IOException {
        assertError(response, 405, "method " + method + " not allowed here; use " + allowed);
        assertThat(response.header("allow")).isEqualTo(allowed);
    }

    @Test
    void eachRouteAnswersAnotherMethod405WithTheMethodsItTakesAndKeepsTheConnection() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            for (Api api : APIS) {
                String one = api.prefix() + "/" + api.absentId();
                assertNotAllowed(http.send("PUT", api.prefix(), "{}"), "PUT", "GET, HEAD, POST");
                assertNotAllowed(http.send("DELETE", api.prefix() + "?limit=3", null), "DELETE", "GET, HEAD, POST");
                assertNotAllowed(http.get(one + "/" + api.action()), "GET", "POST");
                assertNotAllowed(http.send("PUT", one + "/" + api.action(), "{}"), "PUT", "POST");
                assertNotAllowed(http.post(one, "{}"), "POST", "GET, HEAD");
                assertNotAllowed(http.send("DELETE", one, null), "DELETE", "GET, HEAD");
            }
            assertNotAllowed(http.send("PUT", "/api/abr/sessions/", "{}"), "PUT", "GET, HEAD, POST");
            // All of that on one connection, which still answers.
            assertThat(http.get("/api/abr/sessions/").status()).isEqualTo(200);
            assertThat(http.get("/api/vp/sessions").status()).isEqualTo(200);
            assertThat(http.get("/api/cjs/clusters").status()).isEqualTo(200);
        }
    }

    @Test
    void aPathUnderAnApiPrefixThatIsNoRouteIs404NamingThatApi() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            for (Api api : APIS) {
                String one = api.prefix() + "/" + api.absentId();
                for (String path : List.of(one + "/other", one + "/" + api.action() + "/more", api.prefix() + "x",
                        api.prefix() + "/bad_id", api.prefix() + "//" + api.action())) {
                    assertError(http.get(path + "?q=1"), 404, api.notFound(path));
                    assertError(http.post(path, "{"), 404, api.notFound(path));
                }
            }
            // Only ABR's collection takes a trailing slash; VP's and CJS's ids are UUIDs.
            assertError(http.post("/api/vp/sessions/", "{}"), 404, VP.notFound("/api/vp/sessions/"));
            assertError(http.get("/api/cjs/clusters/"), 404, CJS.notFound("/api/cjs/clusters/"));
            assertError(http.get("/api/vp/sessions/" + ABSENT_UUID.substring(1)), 404,
                    VP.notFound("/api/vp/sessions/" + ABSENT_UUID.substring(1)));
            String longId = "a".repeat(65);
            assertError(http.get("/api/abr/sessions/" + longId), 404, ABR.notFound("/api/abr/sessions/" + longId));
            // Outside every prefix, the API handlers pass the request on.
            assertError(http.get("/api/nothing"), 404, "nothing at this path; the player is at /player/index.html, "
                    + "content under /video/, the API under /api/abr/sessions");
        }
    }

    @Test
    void anUnknownOrAnothersSessionIsRefusedBeforeItsBodyIsRead() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            for (int i = 0; i < APIS.size(); i++) {
                Api api = APIS.get(i);
                String absent = api.prefix() + "/" + api.absentId();
                String unknown = "no " + api.noun() + " " + api.absentId()
                        + " (never created, or expired); create one with POST " + api.prefix();
                assertError(http.post(absent + "/" + api.action(), "{"), 404, unknown);
                assertError(http.get(absent), 404, unknown);
                String own = api.prefix() + "/" + OWN[i][0];
                String notYours = api.noun() + " " + OWN[i][0] + " is not yours: send Authorization: Bearer TOKEN "
                        + "with the token its create call returned";
                assertError(http.post(own + "/" + api.action(), "{", "Authorization: Bearer forged"), 403, notYours);
                assertError(http.post(own + "/" + api.action(), "{"), 403, notYours);
                RawHttp.Response malformed = http.post(own + "/" + api.action(), "{", "Authorization: Bearer "
                        + OWN[i][1]);
                assertThat(malformed.status()).isEqualTo(400);
                assertThat(JSON.readTree(malformed.body()).get("error").asText()).startsWith("malformed JSON");
                RawHttp.Response empty = http.post(own + "/" + api.action(), "", "Authorization: Bearer "
                        + OWN[i][1]);
                assertThat(empty.status()).isEqualTo(400);
                assertThat(JSON.readTree(empty.body()).get("error").asText()).startsWith("the body is empty");
            }
        }
    }

    @Test
    void anUnknownSessionAMissingTokenOrNoRouteIsAnsweredBeforeTheBodyArrivesAndTheConnectionStaysUsable()
            throws IOException {
        int declared = 12_000;
        String start = "{\"partial\":";
        String rest = " ".repeat(declared - start.length());
        for (int i = 0; i < APIS.size(); i++) {
            Api api = APIS.get(i);
            String absent = api.prefix() + "/" + api.absentId() + "/" + api.action();
            String own = api.prefix() + "/" + OWN[i][0] + "/" + api.action();
            String noRoute = api.prefix() + "/" + OWN[i][0] + "/elsewhere";
            String[][] cases = {
                {absent, "404", "no " + api.noun() + " " + api.absentId()
                        + " (never created, or expired); create one with POST " + api.prefix()},
                {own, "403", api.noun() + " " + OWN[i][0] + " is not yours: send Authorization: Bearer TOKEN "
                        + "with the token its create call returned"},
                {noRoute, "404", api.notFound(noRoute)},
            };
            for (String[] c : cases) {
                try (RawHttp http = new RawHttp(server.port())) {
                    // Only the body's first bytes are sent: the answer must not wait for the rest.
                    http.timeout(5_000);
                    http.write("POST " + c[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + declared + "\r\n\r\n" + start);
                    assertError(http.next(), Integer.parseInt(c[1]), c[2]);
                    // The rest of the body is read and dropped; the next request on the connection is answered.
                    http.write(rest);
                    assertThat(http.get("/healthz").status()).isEqualTo(200);
                }
            }
            try (RawHttp http = new RawHttp(server.port())) {
                http.timeout(5_000);
                http.write("POST " + absent + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(start.length()) + "\r\n" + start
                        + "\r\n");
                assertThat(http.next().status()).isEqualTo(404);
                http.write("0\r\n\r\n");
                assertThat(http.get("/healthz").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void everyListIsClosedToOtherMachinesWithTheSameHint() throws Exception {
        Optional<InetAddress> lan = SessionAccessTest.nonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to connect from");
        try (VideoServer other = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("lan")),
                Bba.PENSIEVE).withBindAddress(lan.get()).withAccess(new ApiAccess(Optional.of("an-admin-key-16+"))));
             RawHttp http = new RawHttp(lan.get().getHostAddress(), other.port())) {
            String hint = " is open to this machine only; from elsewhere send Authorization: Bearer KEY with the "
                    + "server's --admin-key";
            assertError(http.get("/api/abr/sessions"), 403, "the session list" + hint);
            assertError(http.get("/api/vp/sessions"), 403, "the viewer list" + hint);
            assertError(http.get("/api/cjs/clusters"), 403, "the cluster list" + hint);
            assertThat(http.get("/api/vp/sessions", "Authorization: Bearer an-admin-key-16+").status()).isEqualTo(200);
        }
    }

    @Test
    void eachCreateChecksItsBodyAndTheClientsQuotaInItsOwnOrder() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            // ABR reads the optional body first, so a bad one is 400 whether or not the client has room.
            RawHttp.Response bad = http.post(ABR.prefix(), "{");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("error").asText()).endsWith(
                    " (the body is optional: {}, {\"firstChunk\": K} to carry on from chunk K, \"title\" or \"ladder\" to "
                            + "play another video)");
            assertError(http.post(ABR.prefix(), "{\"firstChunk\": 99}"), 400, "field 'firstChunk' must be an "
                    + "integer in [0, " + (TestContent.CHUNKS - 1) + "], got 99 (the body is optional: {}, "
                    + "{\"firstChunk\": K} to carry on from chunk K, \"title\" or \"ladder\" to play another video)");
            assertThat(http.post(ABR.prefix(), "").status()).isEqualTo(201);
            assertThat(http.post(ABR.prefix(), "{").status()).isEqualTo(400);
            RawHttp.Response abrFull = http.post(ABR.prefix(), "{}");
            assertThat(abrFull.status()).isEqualTo(429);
            assertThat(abrFull.header("retry-after")).isEqualTo("5");
            assertThat(abrFull.header("content-type")).isEqualTo("application/json");
            assertThat(abrFull.text()).isEqualTo("{\"error\":\"this client already has its quota of live sessions; "
                    + "finish or abandon one (it expires when idle)\",\"status\":429}");

            // VP reads no body at all.
            assertThat(http.post(VP.prefix(), "not json").status()).isEqualTo(201);
            RawHttp.Response vpFull = http.post(VP.prefix(), "{");
            assertError(vpFull, 429, "this client already has its quota of live viewer sessions; finish or abandon "
                    + "one (it expires when idle)");
            // Every "not now" says when to try again (issue 39: VP's and CJS's 429 had no Retry-After).
            assertThat(vpFull.header("retry-after")).isEqualTo("5");

            // CJS takes the quota's slot first and gives it back when the body is bad.
            assertError(http.post(CJS.prefix(), "{\"simulate\": 3}"), 400, "'simulate' must be an object {seed, "
                    + "jobs, executors, speedup, deterministic}");
            assertError(http.post(CJS.prefix(), "[]"), 400, "the body must be a JSON object with nothing, or "
                    + "\"simulate\": {seed, jobs, executors, speedup}");
            assertThat(http.post(CJS.prefix(), "").status()).isEqualTo(201);
            RawHttp.Response cjsFull = http.post(CJS.prefix(), "{");
            assertError(cjsFull, 429, "this client already has its quota of live clusters; let one finish or expire");
            assertThat(cjsFull.header("retry-after")).isEqualTo("5");
        }
    }
}
