package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.microevent.core.config.ConfigEvent;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.oracle.DecisionRequest;
import dev.microevent.core.time.VirtualTime;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/edge-plane-api.yaml is valid OpenAPI 3 and says what the client really does: the bodies it
 * sends validate against the documented schemas, and the config documents it accepts or refuses
 * are the ones the schema accepts or refuses.
 */
class EdgePlaneApiIT {
  private static final String IRI = "https://microevent.test/edge-plane-api.yaml";
  private static String yaml;
  private static OpenAPI api;
  private static SchemaRegistry schemas;

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final AtomicReference<String> document = new AtomicReference<>("{}");
  private final List<ConfigEvent> events = new ArrayList<>();
  private TestPlane edge;
  private MicroEventClient client;

  @BeforeAll
  static void readTheSpec() throws Exception {
    yaml = Files.readString(Path.of("..", "docs", "edge-plane-api.yaml"), StandardCharsets.UTF_8);
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    assertThat(result.getMessages()).as("swagger-parser's findings").isEmpty();
    api = result.getOpenAPI();
    schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(IRI, yaml)));
  }

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a")
        .serving(r -> TestPlane.json(200, document.get()))
        .answering(r -> TestPlane.json(200, "{\"value\":\"bundle\",\"confidence\":0.9,\"ttlSeconds\":30}"));
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .instanceId("till-7")
        .healthCheck(HealthCheckConfig.defaults().withJitter(Duration.ZERO))
        .configSyncInterval(Duration.ZERO)
        .build();
    client.config().addListener(events::add);
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
  }

  private static List<Error> validate(String pointer, String json) {
    return schemas.getSchema(SchemaLocation.of(IRI + "#" + pointer)).validate(json, InputFormat.JSON);
  }

  private static List<Error> validateComponent(String name, String json) {
    return validate("/components/schemas/" + name, json);
  }

  @Test
  void theSpecIsOpenApi3_andDocumentsEveryEndpointTheClientCalls() {
    assertThat(api.getOpenapi()).startsWith("3.");
    assertThat(api.getPaths()).containsKeys("/edge/v1/heartbeat", "/edge/v1/config", "/edge/v1/decisions");
    assertThat(api.getPaths().get("/edge/v1/heartbeat").readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.POST);
    assertThat(api.getPaths().get("/edge/v1/config").readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.GET);
    assertThat(api.getPaths().get("/edge/v1/config").getGet().getResponses()).containsKeys("200", "304", "404");
    assertThat(api.getPaths().get("/edge/v1/decisions").readOperationsMap())
        .containsOnlyKeys(PathItem.HttpMethod.POST);
  }

  @Test
  void theHeartbeatTheClientSendsMatchesClientStatus_withAndWithoutALastError() {
    time.advance(Duration.ofSeconds(2));
    edge.answering(r -> TestPlane.json(503, "{}"));
    try {
      client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
    } catch (SdkException expected) {
      // gives the next heartbeat a lastError
    }
    time.advance(Duration.ofSeconds(2));

    assertThat(edge.heartbeats).hasSize(2);
    String quiet = edge.heartbeats.get(0).getBody().utf8();
    String afterError = edge.heartbeats.get(1).getBody().utf8();
    assertThat(afterError).contains("\"lastError\":\"server_error on edge-a");
    assertThat(validateComponent("ClientStatus", quiet)).as(quiet).isEmpty();
    assertThat(validateComponent("ClientStatus", afterError)).as(afterError).isEmpty();
    assertThat(validateComponent("PlaneStatus", "{\"planeId\":\"edge-a\",\"status\":\"SERVING\",\"load\":0.1}"))
        .isEmpty();
  }

  @Test
  void theDecisionQuestionTheClientSendsMatchesTheDocumentedBody() {
    client.oracle().decide(DecisionRequest.of("upsell", Map.of("sku", "cap", "cartSize", "3")));

    String body = edge.appRequests.get(0).getBody().utf8();
    assertThat(validate("/paths/~1edge~1v1~1decisions/post/requestBody/content/application~1json/schema", body))
        .as(body).isEmpty();
    assertThat(validate("/paths/~1edge~1v1~1decisions/post/responses/200/content/application~1json/schema",
        "{\"value\":\"bundle\",\"confidence\":0.9,\"ttlSeconds\":30}")).isEmpty();
  }

  @Test
  void theSpecsOwnExampleDocumentIsValid_andTheClientAppliesIt() throws Exception {
    Object example = api.getComponents().getSchemas().get("ConfigDocument").getExample();
    String doc = io.swagger.v3.core.util.Json.mapper().writeValueAsString(example);
    document.set(doc);

    assertThat(validateComponent("ConfigDocument", doc)).as(doc).isEmpty();
    assertThat(client.config().syncNow()).as("%s", events).isEqualTo(SyncResult.APPLIED);
    assertThat(client.policy(Intent.PAYMENT).bulkhead()).isEqualTo(32);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"version\":\"1\"}",
      """
      {"version":"42",
       "policies":{"payment":{"deadlineMs":6000,"bulkhead":32,"circuitBreaker":{"minimumCalls":10}},
                   "read":{"maxAttempts":1,"rateLimitPerSecond":0,"circuitBreaker":false}},
       "slos":{"payment":{"target":0.999}},
       "detector":{"alpha":0.05,"zThreshold":4,"minSamples":50,"errorRateThreshold":0.3,"cooldownSeconds":60},
       "flags":{"express-checkout":true},
       "routes":{"telemetry":{"failover":false},"read":{"preferredEdge":"edge-a"}},
       "oracle":{"confidenceThreshold":0.8,"remoteOnly":["fraud"],"cacheTtlSeconds":120,
         "rules":[{"decision":"upsell","when":{"cartSize":{"gte":3},"sku":{"in":["cap","mug"]},"vip":true},
                   "answer":"bundle","confidence":0.9}]},
       "a-future-section":{"anything":[1,2,3]}}"""})
  void aDocumentTheSchemaAccepts_theClientApplies(String doc) {
    document.set(doc);

    assertThat(validateComponent("ConfigDocument", doc)).isEmpty();
    assertThat(client.config().syncNow()).as("%s", events).isEqualTo(SyncResult.APPLIED);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"version\":\"\"}",
      "{\"version\":\"   \"}",
      "{\"version\":\"2\",\"policies\":{\"read\":{\"maxAttempts\":99}}}",
      "{\"version\":\"2\",\"policies\":{\"read\":{\"deadlinMs\":10}}}",
      "{\"version\":\"2\",\"policies\":{\"read\":{\"bulkhead\":100001}}}",
      "{\"version\":\"2\",\"policies\":{\"read\":{\"circuitBreaker\":true}}}",
      "{\"version\":\"2\",\"slos\":{\"read\":{\"target\":1}}}",
      "{\"version\":\"2\",\"detector\":{\"alpha\":1}}",
      "{\"version\":\"2\",\"flags\":{\"x\":\"yes\"}}",
      "{\"version\":\"2\",\"routes\":{\"read\":{\"failover\":\"no\"}}}",
      "{\"version\":\"2\",\"oracle\":{\"remoteOnly\":[1]}}",
      "{\"version\":\"2\",\"oracle\":{\"rules\":[{\"decision\":\"upsell\",\"answer\":\"a\"}]}}",
      "{\"version\":\"2\",\"oracle\":{\"rules\":[{\"decision\":\"u\",\"answer\":\"a\",\"confidence\":1,\"when\":{\"x\":null}}]}}",
      "{\"version\":\"2\",\"oracle\":{\"rules\":[{\"decision\":\"u\",\"answer\":\"a\",\"confidence\":1,\"when\":{\"x\":{}}}]}}",
      "{\"version\":\"2\",\"oracle\":{\"rules\":[{\"decision\":\"u\",\"answer\":\"a\",\"confidence\":1,\"when\":{\"x\":{\"gt\":\"3\"}}}]}}"})
  void aDocumentTheSchemaRefuses_theClientRejects(String doc) {
    document.set(doc);

    assertThat(validateComponent("ConfigDocument", doc)).as("the schema refuses %s", doc).isNotEmpty();
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);
  }
}
