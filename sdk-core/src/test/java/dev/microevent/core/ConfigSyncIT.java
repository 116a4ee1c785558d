package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.config.ConfigEvent;
import dev.microevent.core.config.ConfigSnapshot;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client pulls, validates, applies and keeps its edge plane's config document. */
class ConfigSyncIT {
  private static final String V1 = """
      {"version":"v1",
       "policies":{"read":{"maxAttempts":1,"attemptTimeoutMs":800,"deadlineMs":2000}},
       "slos":{"read":{"target":0.99}},
       "detector":{"alpha":0.1,"zThreshold":3.5,"minSamples":10},
       "flags":{"express-checkout":true},
       "routes":{"read":{"preferredEdge":"edge-b"}},
       "future-section":{"ignored":true}}""";

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final AtomicReference<String> document = new AtomicReference<>(V1);
  private final AtomicReference<String> etag = new AtomicReference<>("\"v1\"");
  private final List<ConfigEvent> events = new ArrayList<>();
  @TempDir
  Path dir;
  private TestPlane edgeA;
  private TestPlane edgeB;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edgeA = new TestPlane("edge-a").serving(r -> {
      if (etag.get().equals(r.getHeaders().get("If-None-Match"))) {
        return new MockResponse.Builder().code(304).build();
      }
      return new MockResponse.Builder().code(200).addHeader("ETag", etag.get())
          .addHeader("Content-Type", "application/json").body(document.get()).build();
    });
    edgeB = new TestPlane("edge-b");
    client = newClient();
  }

  private MicroEventClient newClient() {
    MicroEventClient c = MicroEventClient.builder()
        .addEdgePlane(edgeA.edge(0))
        .addEdgePlane(edgeB.edge(1))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .configFile(dir.resolve("state/edge-config.json"))
        .build();
    c.config().addListener(events::add);
    return c;
  }

  @AfterEach
  void stop() {
    client.close();
    edgeA.close();
    edgeB.close();
  }

  @Test
  void aValidDocumentIsAppliedAtomically() {
    assertThat(client.config().current().source()).isEqualTo(ConfigSnapshot.Source.DEFAULTS);

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);

    ConfigSnapshot now = client.config().current();
    assertThat(now.version()).isEqualTo("v1");
    assertThat(now.entityTag()).contains("\"v1\"");
    assertThat(now.source()).isEqualTo(ConfigSnapshot.Source.PLANE);
    assertThat(client.config().flag("express-checkout", false)).isTrue();
    assertThat(client.config().flag("unknown", true)).isTrue();
    assertThat(client.policy(Intent.READ).retry().maxAttempts()).isEqualTo(1);
    assertThat(client.policy(Intent.READ).deadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(client.errorBudgets().of(Intent.READ).orElseThrow().slo().target()).isEqualTo(0.99);
    assertThat(events).extracting(ConfigEvent::result).containsExactly(SyncResult.APPLIED);
  }

  @Test
  void appliedPoliciesAndRoutesChangeWhatCallsDo() {
    client.config().syncNow();

    EdgeResponse r = client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
    assertThat(r.planeId()).as("the route rule prefers edge-b for reads").isEqualTo("edge-b");

    edgeB.answering(req -> TestPlane.json(503, "{}"));
    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .as("maxAttempts 1: no retry on the other edge").isInstanceOf(SdkServiceException.class);
    assertThat(edgeA.appRequests).isEmpty();
  }

  @Test
  void aNewDocumentKeepsTheBreakerStateOfIntentsWhosePolicyItDoesNotChange() {
    String policy = "\"read\":{\"maxAttempts\":1,\"circuitBreaker\":{\"failureRatePercent\":50,\"minimumCalls\":2,"
        + "\"openDelaySeconds\":60,\"halfOpenProbes\":1}%s}";
    publish("b1", "{\"version\":\"b1\",\"policies\":{" + policy.formatted("") + "},\"flags\":{\"x\":false}}");
    edgeA.answering(r -> TestPlane.json(503, "{}"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(this::read).isInstanceOf(SdkServiceException.class);
    }
    assertThatThrownBy(this::read).isInstanceOfSatisfying(CallRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.CIRCUIT_OPEN));

    publish("b2", "{\"version\":\"b2\",\"policies\":{" + policy.formatted("") + "},\"flags\":{\"x\":true}}");

    assertThatThrownBy(this::read).as("a flag flip must not close an open breaker")
        .isInstanceOfSatisfying(CallRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.CIRCUIT_OPEN));

    publish("b3", "{\"version\":\"b3\",\"policies\":{" + policy.formatted(",\"deadlineMs\":2500") + "}}");

    assertThatThrownBy(this::read).as("a changed policy starts afresh").isInstanceOf(SdkServiceException.class);
    assertThat(client.policy(Intent.READ).deadline()).isEqualTo(Duration.ofMillis(2500));
    assertThat(edgeA.appRequests).hasSize(3);
  }

  /** Serves a new document under its own ETag and syncs it. */
  private void publish(String version, String doc) {
    document.set(doc);
    etag.set("\"" + version + "\"");
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
  }

  private EdgeResponse read() {
    return client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
  }

  @Test
  void theDocumentsModePolicy_keepsAnIntentReducedWouldShed_andShedsOneItWouldKeep_onTheNextCall() {
    client.config().syncNow();
    client.modes().propose("venue", ServiceMode.REDUCED, "uplink down");
    assertThatThrownBy(() -> client.call(Intent.TELEMETRY, EdgeRequest.get("/v1/events")))
        .as("the builder's layer: non-essential is shed in REDUCED").isInstanceOf(ShedException.class);
    assertThat(read().planeId()).as("the builder's layer: a degraded read runs in REDUCED").isEqualTo("edge-b");

    publish("v2", """
        {"version":"v2","modes":{"REDUCED":{"keep":["telemetry","gate_scan"],"shed":["read"]}}}""");
    int before = edgeA.appRequests.size() + edgeB.appRequests.size();

    assertThat(client.call(Intent.TELEMETRY, EdgeRequest.get("/v1/events")).planeId())
        .as("kept by the document").isEqualTo("edge-a");
    assertThatThrownBy(this::read).as("shed by the document, before any I/O")
        .isInstanceOfSatisfying(ShedException.class, e -> {
          assertThat(e.mode()).isEqualTo(ServiceMode.REDUCED);
          assertThat(e.intent()).isEqualTo(Intent.READ);
        });
    assertThat(edgeA.appRequests.size() + edgeB.appRequests.size()).isEqualTo(before + 1);

    document.set("{\"version\":\"v3\",\"modes\":{\"REDUCED\":{\"keep\":[\"read\"],\"shed\":[\"read\"]}}}");
    etag.set("\"v3\"");
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);
    assertThatThrownBy(this::read).as("a rejected document leaves the last good mode policy in force")
        .isInstanceOf(ShedException.class);

    client.modes().propose("venue", ServiceMode.NORMAL, "uplink back");
    assertThat(read().planeId()).as("NORMAL sheds nothing, whatever the policy").isNotNull();
  }

  @Test
  void anUnchangedDocumentIsNotDownloadedAgain() {
    client.config().syncNow();

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.NOT_MODIFIED);

    assertThat(edgeA.configRequests.get(1).getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
  }

  @Test
  void anInvalidDocumentIsRejectedWithEveryProblem_andTheOldOneKeepsRunning() {
    client.config().syncNow();
    document.set("""
        {"version":"v2",
         "policies":{"read":{"maxAttempts":99,"deadlinMs":10},"checkout":{"maxAttempts":2}},
         "slos":{"payment":{"target":1.5}},
         "flags":{"express-checkout":"yes"},
         "routes":{"read":{"preferredEdge":"nowhere"}}}""");
    etag.set("\"v2\"");

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);

    assertThat(events.get(1).problems()).hasSize(6).anySatisfy(p -> assertThat(p).startsWith("$.policies.read.maxAttempts"))
        .anySatisfy(p -> assertThat(p).startsWith("$.policies.read.deadlinMs: unknown member"))
        .anySatisfy(p -> assertThat(p).startsWith("$.policies.checkout: unknown intent"))
        .anySatisfy(p -> assertThat(p).startsWith("$.slos.payment.target"))
        .anySatisfy(p -> assertThat(p).startsWith("$.flags.express-checkout"))
        .anySatisfy(p -> assertThat(p).startsWith("$.routes.read.preferredEdge"));
    assertThat(client.config().current().version()).isEqualTo("v1");
    assertThat(client.config().flag("express-checkout", false)).isTrue();
  }

  @Test
  void hostileDocumentsAreRejected() {
    document.set("{\"version\":\"v9\",\"flags\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);

    document.set("[\"not\",\"an\",\"object\"]");
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);

    document.set("{\"version\":\"v9\"");
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);
    assertThat(client.config().current().source()).isEqualTo(ConfigSnapshot.Source.DEFAULTS);
  }

  @Test
  void hostileMembersAreNamed_notCoercedIntoSomethingValid() {
    document.set("""
        {"version":"v9",
         "policies":{"read":{"deadlineMs":18446744073709552616}},
         "oracle":{"remoteOnly":["fraud",{"x":1},null],
           "rules":[{"decision":"upsell","answer":"a","confidence":0.5,
             "when":{"tier":null,"sku":{"in":["cap",["mug"]]},"size":{"eq":{"gt":1}}}}]}}""");

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);

    assertThat(events.get(0).problems()).hasSize(6)
        .anySatisfy(p -> assertThat(p).startsWith("$.policies.read.deadlineMs: expected an integer within"))
        .anySatisfy(p -> assertThat(p).startsWith("$.oracle.remoteOnly[1]"))
        .anySatisfy(p -> assertThat(p).startsWith("$.oracle.remoteOnly[2]"))
        .anySatisfy(p -> assertThat(p).startsWith("$.oracle.rules[0].when.tier"))
        .anySatisfy(p -> assertThat(p).startsWith("$.oracle.rules[0].when.sku.in"))
        .anySatisfy(p -> assertThat(p).startsWith("$.oracle.rules[0].when.size.eq"));
    assertThat(client.config().current().source()).isEqualTo(ConfigSnapshot.Source.DEFAULTS);
  }

  @Test
  void aDocumentNamingAMemberTwiceIsRejected() {
    document.set("{\"version\":\"v9\",\"flags\":{\"express-checkout\":false,\"express-checkout\":true}}");

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);

    assertThat(events.get(0).problems()).singleElement()
        .satisfies(p -> assertThat(p).contains("Duplicate field 'express-checkout'"));
  }

  @Test
  void anOversizedDocumentIsRejectedWithoutReadingItWhole() {
    document.set("{\"version\":\"v9\",\"flags\":{},\"pad\":\"" + "x".repeat(9 * 1024 * 1024) + "\"}");

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);

    assertThat(events.get(0).problems()).singleElement()
        .satisfies(p -> assertThat(p).startsWith("$: the document exceeds"));
    assertThat(client.config().current().source()).isEqualTo(ConfigSnapshot.Source.DEFAULTS);
  }

  @Test
  void anETagThatCannotBeSentBackIsDropped_soSyncKeepsWorking() {
    edgeA.serving(r -> new MockResponse.Builder().code(200).addHeaderLenient("ETag", "\"v\u00e9\"")
        .addHeader("Content-Type", "application/json").body(document.get()).build());

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    assertThat(client.config().current().entityTag()).isEmpty();

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    assertThat(edgeA.configRequests.get(1).getHeaders().get("If-None-Match")).isNull();
  }

  @Test
  void unreachablePlanesKeepTheCurrentDocument() {
    client.config().syncNow();
    edgeA.stop();
    edgeB.stop();

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.UNREACHABLE);

    assertThat(client.config().current().version()).isEqualTo("v1");
  }

  @Test
  void aDocumentNamingAPlaneThisClientDoesNotKnowIsRejected() {
    client.close();
    client = MicroEventClient.builder().addEdgePlane(edgeA.edge(0)).clock(time.clock()).scheduler(time.scheduler())
        .healthChecksEnabled(false).build();

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);
  }

  @Test
  void aPlaneWithoutADocumentSaysSo() {
    edgeA.serving(r -> TestPlane.json(404, "{}"));

    assertThat(client.config().syncNow()).isEqualTo(SyncResult.NO_DOCUMENT);
  }

  @Test
  void theLastGoodDocumentSurvivesARestart() {
    client.config().syncNow();
    client.close();

    client = newClient();

    assertThat(client.config().current().source()).isEqualTo(ConfigSnapshot.Source.FILE);
    assertThat(client.config().current().version()).isEqualTo("v1");
    assertThat(client.policy(Intent.READ).retry().maxAttempts()).isEqualTo(1);
    assertThat(client.config().syncNow()).as("the restored ETag is sent").isEqualTo(SyncResult.NOT_MODIFIED);
  }

  @Test
  void aCorruptSavedFileIsIgnored() throws Exception {
    client.close();
    Path saved = dir.resolve("state/edge-config.json");
    Files.createDirectories(saved.getParent());
    Files.writeString(saved, "{\"etag\":\"x\",\"document\":{\"version\":", StandardCharsets.UTF_8);

    client = newClient();

    assertThat(client.config().current().source()).isEqualTo(ConfigSnapshot.Source.DEFAULTS);
  }

  @Test
  void theClientSyncsPeriodicallyOnItsScheduler() {
    client.close();
    client = MicroEventClient.builder()
        .addEdgePlane(edgeA.edge(0))
        .addEdgePlane(edgeB.edge(1))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .configSyncInterval(Duration.ofSeconds(30))
        .build();

    time.advance(Duration.ZERO);
    assertThat(client.config().current().version()).isEqualTo("v1");
    time.advance(Duration.ofSeconds(60));

    assertThat(edgeA.configRequests).hasSize(3);
  }
}
