package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Builders and value types fail fast and name the bad value. */
class ConfigValidationTest {

  @Test
  void intentNamesAreMetricTags_soOnlyTokensAreAccepted() {
    assertThat(Intent.of("loyalty", Criticality.NON_ESSENTIAL, Intent.Idempotence.IDEMPOTENT).name())
        .isEqualTo("loyalty");
    assertThatThrownBy(() -> Intent.of("User 42", Criticality.DEGRADED, Intent.Idempotence.IDEMPOTENT))
        .hasMessageContaining("'User 42'");
    assertThatThrownBy(() -> Intent.of("payment", Criticality.NON_ESSENTIAL, Intent.Idempotence.IDEMPOTENT))
        .hasMessageContaining("built-in");
  }

  @Test
  void keyedIntentsAreTheNonIdempotentBuiltIns() {
    assertThat(Intent.builtIns()).filteredOn(Intent::keyed).containsExactly(Intent.PAYMENT, Intent.GATE_SCAN);
  }

  @Test
  void modesAdmitByCriticality() {
    assertThat(ServiceMode.NORMAL.admits(Criticality.NON_ESSENTIAL)).isTrue();
    assertThat(ServiceMode.REDUCED.admits(Criticality.NON_ESSENTIAL)).isFalse();
    assertThat(ServiceMode.REDUCED.admits(Criticality.DEGRADED)).isTrue();
    assertThat(ServiceMode.CRITICAL_ONLY.admits(Criticality.DEGRADED)).isFalse();
    assertThat(ServiceMode.CRITICAL_ONLY.admits(Criticality.CRITICAL)).isTrue();
    assertThat(ServiceMode.REDUCED.mostSevere(ServiceMode.CRITICAL_ONLY)).isEqualTo(ServiceMode.CRITICAL_ONLY);
  }

  @Test
  void planesNeedAnAbsoluteHttpUri() {
    assertThatThrownBy(() -> Plane.edge("hub", URI.create("ftp://x"), 0)).hasMessageContaining("http(s)");
    assertThatThrownBy(() -> Plane.edge("hub", URI.create("/relative"), 0)).hasMessageContaining("absolute");
    assertThatThrownBy(() -> Plane.edge("Hub One", URI.create("http://x"), 0)).hasMessageContaining("'Hub One'");
  }

  @Test
  void aPolicyRoundTripsThroughItsBuilder() {
    IntentPolicy p = IntentPolicy.defaultsFor(Intent.PAYMENT).toBuilder().bulkhead(8)
        .rateLimit(RateLimit.perSecond(20)).build();

    assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
  }

  @Test
  void anAttemptTimeoutBeyondTheDeadlineIsRefused() {
    assertThatThrownBy(() -> IntentPolicy.builder().attemptTimeout(Duration.ofSeconds(5))
        .deadline(Duration.ofSeconds(2)).build())
        .hasMessageContaining("PT5S").hasMessageContaining("PT2S");
  }

  @Test
  void valueRecordsRejectNonsense() {
    assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(0).initialBackoff(Duration.ZERO)
        .maxBackoff(Duration.ZERO).jitter(0).build()).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryBudget.builder().ratio(1.5).minRetriesPerSecond(10).ttl(Duration.ofSeconds(10))
        .build()).hasMessageContaining("ratio");
    assertThatThrownBy(() -> RetryBudget.builder().ratio(0.2).minRetriesPerSecond(10).ttl(Duration.ofMinutes(5))
        .build()).hasMessageContaining("ttl");
    assertThatThrownBy(() -> FailoverPolicy.builder().maxConcurrent(0).maxPerSecond(10).criticalReserve(0.2)
        .build()).hasMessageContaining("caps");
    assertThatThrownBy(() -> OutlierDetectionConfig.builder().consecutiveFailures(5)
        .baseEjectionTime(Duration.ofSeconds(30)).maxEjectionTime(Duration.ofSeconds(10)).maxEjectedShare(0.5).build())
        .hasMessageContaining("baseEjectionTime");
    assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRatePercent(0).minimumCalls(1)
        .window(Duration.ofSeconds(1)).openDelay(Duration.ofSeconds(1)).halfOpenProbes(1).build())
        .hasMessageContaining("failureRatePercent");
  }

  @Test
  void requestsRefuseHeadersTheClientManages() {
    assertThatThrownBy(() -> EdgeRequest.builder("POST", "/pay").header("Idempotency-Key", "k"))
        .hasMessageContaining("idempotencyKey(");
    assertThatThrownBy(() -> EdgeRequest.builder("GET", "http://evil/x")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> EdgeRequest.builder("GET", "//evil/x")).hasMessageContaining("without a host");
    assertThatThrownBy(() -> EdgeRequest.builder("POST", "/pay").idempotencyKey("has space"))
        .hasMessageContaining("printable");
    assertThatThrownBy(() -> EdgeRequest.builder("GET", "/x").header("X-Bad Name", "v"))
        .hasMessageContaining("'X-Bad Name'");
    assertThatThrownBy(() -> EdgeRequest.builder("GET", "/x").header("Authorization", "Bearer s3cret\r\nX-Evil: 1"))
        .hasMessageContaining("'Authorization'").hasMessageNotContaining("s3cret");
    assertThat(EdgeRequest.builder("GET", "/x").header("X-Tabbed", "a\tb").build().headers())
        .containsEntry("x-tabbed", java.util.List.of("a\tb"));
  }

  @Test
  void aResponseIsImmutable_downToItsHeaderValues() {
    java.util.List<String> values = new java.util.ArrayList<>(java.util.List.of("a"));
    byte[] body = {1, 2};
    EdgeResponse r = new EdgeResponse(200, java.util.Map.of("x-one", values), body, "edge-a", 1, Duration.ZERO, null);
    values.add("b");
    body[0] = 9;

    assertThat(r.headers().get("x-one")).containsExactly("a");
    assertThat(r.body()).containsExactly(1, 2);
    assertThatThrownBy(() -> r.headers().get("x-one").add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aClientNeedsAtLeastOnePlane() {
    assertThatThrownBy(() -> MicroEventClient.builder().build()).hasMessageContaining("at least one plane");
  }
}
