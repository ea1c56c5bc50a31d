package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.controller.vp.Velocity;
import org.netllm.controller.vp.YawHandling;
import org.netllm.server.cjs.CjsLive;
import org.netllm.server.vp.VpLive;

/**
 * {@code /openapi.json} (issue 39, point 5): a valid OpenAPI 3.1 document (swagger-parser), and the real answers of
 * every JSON route, successes and errors, valid against the schema it gives for their path, method and status
 * (networknt's JSON Schema validator, OpenAPI 3.1 dialect); CORS for the allowed origins only.
 */
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "https://netllm.invalid/openapi.json";
    private static final String ALLOWED = "http://player.example:3000";
    @TempDir
    static Path tmp;
    private static VideoServer server;
    private static String document;
    private static SchemaRegistry registry;
    private static final List<String> checked = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path tpch = data.resolve("cjs/tpch");
        assertThat(Files.isDirectory(tpch)).as("the TPC-H DAGs at " + tpch).isTrue();
        server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .toBuilder().decisionDeadline(Duration.ofSeconds(10))
                .viewports(VpLive.of(new Velocity(YawHandling.RAW), 100).withSettings(
                        VpSessionSettings.defaults(100).withWindows(3, 4).withDeadline(Duration.ofSeconds(10))))
                .clusters(CjsLive.of(RoundRobin.fair(), tpch, 10).withSettings(
                        CjsSessionSettings.defaults(tpch, 10).withDeadline(Duration.ofSeconds(10))))
                .cors(new CorsPolicy(List.of(ALLOWED))).build());
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response served = http.get("/openapi.json");
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.header("content-type")).isEqualTo("application/json");
            document = served.text();
        }
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT, document)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDocumentIsAValidOpenApi31DescriptionOfEveryRoute() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getPaths().keySet()).contains("/api/abr/sessions", "/api/abr/sessions/{id}",
                "/api/abr/sessions/{id}/chunks", "/api/vp/sessions", "/api/vp/sessions/{id}",
                "/api/vp/sessions/{id}/samples", "/api/cjs/clusters", "/api/cjs/clusters/{id}",
                "/api/cjs/clusters/{id}/decisions", "/healthz", "/readyz", "/metrics", "/openapi.json",
                "/video/{file}", "/video/{title}/{file}", "/dashboard", "/player/index.html", "/stock/index.html",
                "/viewer");
    }

    /** Validates a real answer against the document's schema for its route and status; returns its body. */
    private static JsonNode conforms(String path, String method, RawHttp.Response response) throws IOException {
        String pointer = "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses/" + response.status() + "/content/application~1json/schema";
        JsonNode where = JSON.readTree(document).at(pointer.substring(1));
        assertThat(where.isMissingNode()).as("the document describes " + method + " " + path + " answering "
                + response.status() + ": " + response.text()).isFalse();
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + pointer));
        JsonNode body = JSON.readTree(response.body());
        List<Error> errors = schema.validate(body);
        assertThat(errors).as(method + " " + path + " " + response.status() + " " + body).isEmpty();
        checked.add(method + " " + path + " " + response.status());
        return body;
    }

    @Test
    void theValidatorRefusesAnswersThatBreakTheirSchema() {
        Schema created = registry.getSchema(SchemaLocation.of(DOCUMENT
                + "#/paths/~1api~1abr~1sessions/post/responses/201/content/application~1json/schema"));
        Schema error = registry.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/Error"));
        assertThat(created.validate(JSON.createObjectNode().put("sessionId", "s"))).isNotEmpty();
        assertThat(error.validate(JSON.createObjectNode().put("error", 5).put("status", 400))).isNotEmpty();
        assertThat(error.validate(JSON.createObjectNode().put("error", "x").put("status", 200))).isNotEmpty();
        assertThat(error.validate(JSON.createObjectNode().put("error", "x").put("status", 404))).isEmpty();
    }

    @Test
    void everyJsonAnswerOfTheAbrRoutesMatchesItsSchema() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode created = conforms("/api/abr/sessions", "POST", http.post("/api/abr/sessions", "{}"));
            String id = created.get("sessionId").asText();
            String auth = "Authorization: Bearer " + created.get("token").asText();
            String chunks = "/api/abr/sessions/" + id + "/chunks";
            String chunksRoute = "/api/abr/sessions/{id}/chunks";
            conforms("/api/abr/sessions", "POST", http.post("/api/abr/sessions", "{\"firstChunk\":-1}"));
            conforms("/api/abr/sessions", "POST", http.post("/api/abr/sessions", "{\"ladder\":{\"bitratesKbps\":[200,"
                    + "800],\"chunkSeconds\":2,\"chunkBytes\":[[5,5],[9,9]]}}"));
            conforms("/api/abr/sessions", "POST", http.post("/api/abr/sessions", "{\"ladder\":{\"bitratesKbps\":["
                    + "1,2,3,4,5,6,7,8,9,10,11,12,13],\"chunkSeconds\":2,\"chunkBytes\":[]}}"));
            conforms(chunksRoute, "POST", http.post(chunks, DecisionApiTest.report(0, 0, 4, 0), auth));
            conforms(chunksRoute, "POST", http.post(chunks, DecisionApiTest.report(5, 0, 4, 0), auth));
            conforms(chunksRoute, "POST", http.post(chunks, DecisionApiTest.report(1, 9, 4, 0), auth));
            conforms(chunksRoute, "POST", http.post(chunks, "{", auth));
            conforms(chunksRoute, "POST", http.post(chunks, DecisionApiTest.report(1, 0, 4, 0)));
            conforms(chunksRoute, "POST", http.post("/api/abr/sessions/absent/chunks",
                    DecisionApiTest.report(1, 0, 4, 0), auth));
            for (int i = 1; i < TestContent.CHUNKS; i++) {
                conforms(chunksRoute, "POST", http.post(chunks, DecisionApiTest.report(i, 1, 8, 0), auth));
            }
            conforms("/api/abr/sessions/{id}", "GET", http.get("/api/abr/sessions/" + id, auth));
            conforms("/api/abr/sessions/{id}", "GET", http.get("/api/abr/sessions/absent"));
            conforms("/api/abr/sessions", "GET", http.get("/api/abr/sessions?limit=5"));
            conforms("/api/abr/sessions", "GET", http.get("/api/abr/sessions?limit=0"));
            http.get("/video/chunk-0-00001.m4s?CMCD=sid%3D%22openapi%22");
            conforms("/api/abr/sessions", "GET", http.get("/api/abr/sessions?sid=openapi"));
            conforms("/api/abr/sessions", "GET", http.get("/api/abr/sessions?sid=nobody"));
        }
    }

    private static String sample(double t, double yaw) {
        return String.format(Locale.ROOT, "{\"t\":%s,\"roll\":0,\"pitch\":0,\"yaw\":%s}", t, yaw);
    }

    @Test
    void everyJsonAnswerOfTheVpAndCjsRoutesAndTheAdminRoutesMatchesItsSchema() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode viewer = conforms("/api/vp/sessions", "POST", http.post("/api/vp/sessions", ""));
            String samples = "/api/vp/sessions/" + viewer.get("sessionId").asText() + "/samples";
            String vpAuth = "Authorization: Bearer " + viewer.get("token").asText();
            String samplesRoute = "/api/vp/sessions/{id}/samples";
            conforms(samplesRoute, "POST", http.post(samples, sample(0, 0), vpAuth));
            conforms(samplesRoute, "POST", http.post(samples, "{\"samples\":[" + sample(0.2, 1) + "," + sample(0.4, 2)
                    + "," + sample(0.6, 3) + "," + sample(0.8, 4) + "," + sample(1.0, 5) + "]}", vpAuth));
            conforms(samplesRoute, "POST", http.post(samples, sample(0.2, 0), vpAuth));
            conforms(samplesRoute, "POST", http.post(samples, "{\"t\":2,\"roll\":0,\"pitch\":95,\"yaw\":0}", vpAuth));
            conforms("/api/vp/sessions/{id}", "GET", http.get("/api/vp/sessions/" + viewer.get("sessionId").asText(),
                    vpAuth));
            conforms("/api/vp/sessions", "GET", http.get("/api/vp/sessions"));

            JsonNode cluster = conforms("/api/cjs/clusters", "POST", http.post("/api/cjs/clusters", ""));
            String decisions = "/api/cjs/clusters/" + cluster.get("clusterId").asText() + "/decisions";
            String cjsAuth = "Authorization: Bearer " + cluster.get("token").asText();
            String observation = "{\"executors\":10,\"committable\":4,\"sourceJob\":-1,\"jobs\":[{\"id\":7,"
                    + "\"supply\":0,\"stages\":[{\"remainingTasks\":3,\"durationMs\":100,\"parents\":[]}]}],"
                    + "\"schedulable\":[[0,0]]}";
            conforms("/api/cjs/clusters/{id}/decisions", "POST", http.post(decisions, observation, cjsAuth));
            conforms("/api/cjs/clusters/{id}/decisions", "POST", http.post(decisions,
                    observation.replace("\"parents\":[]", "\"parents\":[0]"), cjsAuth));
            conforms("/api/cjs/clusters/{id}", "GET", http.get("/api/cjs/clusters/"
                    + cluster.get("clusterId").asText(), cjsAuth));
            conforms("/api/cjs/clusters", "GET", http.get("/api/cjs/clusters"));
            conforms("/api/cjs/clusters", "POST", http.post("/api/cjs/clusters", "{\"simulate\":5}"));

            conforms("/healthz", "GET", http.get("/healthz"));
            conforms("/readyz", "GET", http.get("/readyz"));
            RawHttp.Response metrics = http.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("content-type")).startsWith("text/plain");
        }
        assertThat(checked).contains("POST /api/vp/sessions/{id}/samples 200", "POST /api/cjs/clusters 400",
                "POST /api/cjs/clusters/{id}/decisions 400");
    }

    @Test
    void corsAnswersTheAllowedOriginsPreflightAndNamesItOnAnswersAndNoOtherOrigin() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response preflight = http.send("OPTIONS", "/api/abr/sessions", null, "Origin: " + ALLOWED,
                    "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type");
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("access-control-allow-origin")).isEqualTo(ALLOWED);
            assertThat(preflight.header("access-control-allow-methods")).isEqualTo("GET, HEAD, POST");
            assertThat(preflight.header("access-control-allow-headers")).contains("Authorization", "Content-Type");
            RawHttp.Response created = http.post("/api/abr/sessions", "{}", "Origin: " + ALLOWED);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.header("access-control-allow-origin")).isEqualTo(ALLOWED);
            assertThat(created.header("access-control-expose-headers")).contains("CMSD-Dynamic");
            assertThat(created.header("vary")).isEqualTo("origin");

            RawHttp.Response other = http.get("/healthz", "Origin: http://elsewhere.example");
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.header("access-control-allow-origin")).isNull();
            RawHttp.Response otherPreflight = http.send("OPTIONS", "/api/abr/sessions", null,
                    "Origin: http://elsewhere.example", "Access-Control-Request-Method: POST");
            assertThat(otherPreflight.status()).isEqualTo(405);
            assertThat(otherPreflight.header("access-control-allow-origin")).isNull();
        }
    }
}
