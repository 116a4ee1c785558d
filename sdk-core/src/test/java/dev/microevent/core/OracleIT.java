package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.oracle.Decision;
import dev.microevent.core.oracle.DecisionRequest;
import dev.microevent.core.oracle.LocalAnswer;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hybrid oracle answers locally, remotely, and degraded. */
class OracleIT {
  private static final String CONFIG = """
      {"version":"o1",
       "oracle":{"confidenceThreshold":0.8,"remoteOnly":["fraud"],"cacheTtlSeconds":120,
         "rules":[
           {"decision":"upsell","when":{"cartSize":{"gte":3}},"answer":"bundle","confidence":0.9},
           {"decision":"upsell","when":{"sku":{"in":["cap","mug"]}},"answer":"sticker","confidence":0.5}]}}""";

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private TestPlane edge;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a")
        .serving(r -> TestPlane.json(200, CONFIG))
        .answering(r -> TestPlane.json(200, "{\"value\":\"remote-pick\",\"confidence\":0.97,\"ttlSeconds\":60}"));
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .localModel(r -> r.decision().equals("seat") ? Optional.of(new LocalAnswer("aisle", 0.85)) : Optional.empty())
        .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder().retry(RetryConfig.none()).build())
        .build();
    client.config().syncNow();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
  }

  private Decision decide(String decision, Map<String, String> attributes) {
    return client.oracle().decide(DecisionRequest.of(decision, attributes));
  }

  @Test
  void aConfidentRuleAnswersLocally_withoutAskingTheCloud() {
    Decision d = decide("upsell", Map.of("cartSize", "4"));

    assertThat(d.value()).isEqualTo("bundle");
    assertThat(d.source()).isEqualTo(Decision.Source.RULE);
    assertThat(d.degraded()).isFalse();
    assertThat(edge.appRequests).isEmpty();
  }

  @Test
  void theLocalModelAnswersWhenConfident() {
    Decision d = decide("seat", Map.of("row", "12"));

    assertThat(d.source()).isEqualTo(Decision.Source.MODEL);
    assertThat(d.value()).isEqualTo("aisle");
    assertThat(edge.appRequests).isEmpty();
  }

  @Test
  void lowConfidenceAsksTheCloud_andTheAnswerIsCachedForItsTtl() throws Exception {
    Decision first = decide("upsell", Map.of("sku", "cap"));
    Decision second = decide("upsell", Map.of("sku", "cap"));

    assertThat(first.source()).isEqualTo(Decision.Source.REMOTE);
    assertThat(first.value()).isEqualTo("remote-pick");
    assertThat(second.source()).isEqualTo(Decision.Source.CACHE);
    assertThat(edge.appRequests).hasSize(1);
    assertThat(edge.appRequests.get(0).getUrl().encodedPath()).isEqualTo("/edge/v1/decisions");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(edge.appRequests.get(0).getBody().utf8())
        .get("attributes").get("sku").asText()).isEqualTo("cap");

    time.advance(Duration.ofSeconds(61));
    assertThat(decide("upsell", Map.of("sku", "cap")).source()).isEqualTo(Decision.Source.REMOTE);
  }

  @Test
  void aRemoteAnswerIsCachedNoLongerThanTheConfigAllows() {
    edge.answering(r -> TestPlane.json(200, "{\"value\":\"remote-pick\",\"ttlSeconds\":3600}"));
    decide("upsell", Map.of("sku", "cap"));

    time.advance(Duration.ofSeconds(119));
    assertThat(decide("upsell", Map.of("sku", "cap")).source()).isEqualTo(Decision.Source.CACHE);

    time.advance(Duration.ofSeconds(2));
    assertThat(decide("upsell", Map.of("sku", "cap")).source()).as("cacheTtlSeconds 120 caps the cloud's 3600")
        .isEqualTo(Decision.Source.REMOTE);
    assertThat(edge.appRequests).hasSize(2);
  }

  @Test
  void aCloudThatRefusesConnectionsGivesTheLocalAnswerMarkedDegraded() {
    edge.stop();

    Decision d = decide("upsell", Map.of("sku", "mug"));

    assertThat(d.value()).isEqualTo("sticker");
    assertThat(d.source()).isEqualTo(Decision.Source.RULE);
    assertThat(d.degraded()).isTrue();
    assertThat(client.oracle().stats().get("upsell").degraded()).isEqualTo(1);
  }

  @Test
  void anUnreachableCloudGivesTheLocalAnswerMarkedDegraded() {
    edge.answering(r -> new MockResponse.Builder().code(503).build());

    Decision d = decide("upsell", Map.of("sku", "mug"));

    assertThat(d.value()).isEqualTo("sticker");
    assertThat(d.degraded()).isTrue();
    assertThat(d.local()).isTrue();
  }

  @Test
  void remoteOnlyDecisionsAndCriticalIntentsAlwaysAskTheCloud() {
    Decision fraud = decide("fraud", Map.of("cartSize", "9"));
    Decision critical = client.oracle().decide(DecisionRequest.of("upsell", Intent.PAYMENT, Map.of("cartSize", "4")));

    assertThat(fraud.source()).isEqualTo(Decision.Source.REMOTE);
    assertThat(critical.source()).isEqualTo(Decision.Source.REMOTE);
    assertThat(edge.appRequests).hasSize(2);
  }

  @Test
  void withNoLocalAnswerTheCloudsFailureIsTyped() {
    edge.answering(r -> new MockResponse.Builder().code(503).build());

    assertThatThrownBy(() -> decide("recommend", Map.of()))
        .isInstanceOf(SdkServiceException.class);
  }

  @Test
  void aMalformedCloudAnswerFallsBackLikeAnOutage() {
    edge.answering(r -> TestPlane.json(200, "{\"confidence\":1}"));

    assertThat(decide("upsell", Map.of("sku", "cap")).degraded()).isTrue();
  }

  @Test
  void statsSayWhatWasAnsweredLocally() {
    decide("upsell", Map.of("cartSize", "4"));
    decide("upsell", Map.of("sku", "cap"));
    decide("upsell", Map.of("sku", "cap"));

    assertThat(client.oracle().stats().get("upsell").local()).isEqualTo(2);
    assertThat(client.oracle().stats().get("upsell").remote()).isEqualTo(1);
    assertThat(client.oracle().stats().get("upsell").localShare()).isCloseTo(2 / 3.0,
        org.assertj.core.data.Offset.offset(1e-9));
  }
}
