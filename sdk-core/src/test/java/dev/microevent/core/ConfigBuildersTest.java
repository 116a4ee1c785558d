package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.anomaly.DetectorConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Config values and events that will grow are built, copied with {@code toBuilder()} and checked
 * in {@code build()} with the same errors their record constructors gave.
 */
class ConfigBuildersTest {

  /** A changed copy differs from the original in the named field only. */
  private static <T> void onlyDiffersIn(T changed, T original, String field) {
    assertThat(changed).isNotEqualTo(original);
    assertThat(changed).usingRecursiveComparison().ignoringFields(field).isEqualTo(original);
  }

  @Nested
  class HealthChecks {
    @Test
    void toBuilderBuildsAnEqualCopy_andTheBuilderStartsFromTheDefaults() {
      HealthCheckConfig c = HealthCheckConfig.builder().interval(Duration.ofMillis(500)).build();
      assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
      assertThat(HealthCheckConfig.builder().build()).isEqualTo(HealthCheckConfig.defaults());
      assertThat(HealthCheckConfig.defaults().interval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      HealthCheckConfig c = HealthCheckConfig.defaults();
      HealthCheckConfig changed = c.toBuilder().healthyThreshold(7).build();
      assertThat(changed.healthyThreshold()).isEqualTo(7);
      onlyDiffersIn(changed, c, "healthyThreshold");
      assertThat(c.withJitter(Duration.ZERO)).isEqualTo(c.toBuilder().jitter(Duration.ZERO).build());
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> HealthCheckConfig.builder().timeout(Duration.ZERO).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("interval and timeout must be positive, jitter >= 0");
      assertThatThrownBy(() -> HealthCheckConfig.builder().unhealthyThreshold(0).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("thresholds must be >= 1");
      assertThatThrownBy(() -> HealthCheckConfig.builder().jitter(null))
          .isInstanceOf(NullPointerException.class).hasMessage("jitter");
    }
  }

  @Nested
  class OutlierDetection {
    @Test
    void toBuilderBuildsAnEqualCopy() {
      OutlierDetectionConfig c = OutlierDetectionConfig.builder().maxEjectedShare(1.0).build();
      assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
      assertThat(OutlierDetectionConfig.builder().build()).isEqualTo(OutlierDetectionConfig.defaults());
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      OutlierDetectionConfig c = OutlierDetectionConfig.defaults();
      OutlierDetectionConfig changed = c.toBuilder().consecutiveFailures(1).build();
      assertThat(changed.consecutiveFailures()).isEqualTo(1);
      onlyDiffersIn(changed, c, "consecutiveFailures");
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> OutlierDetectionConfig.builder().consecutiveFailures(0).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("consecutiveFailures must be >= 1, got 0");
      assertThatThrownBy(() -> OutlierDetectionConfig.builder().maxEjectionTime(Duration.ofSeconds(10)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("need 0 < baseEjectionTime <= maxEjectionTime");
      assertThatThrownBy(() -> OutlierDetectionConfig.builder().maxEjectedShare(1.5).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEjectedShare must be within 0..1, got 1.5");
    }
  }

  @Nested
  class CircuitBreaker {
    @Test
    void toBuilderBuildsAnEqualCopy() {
      CircuitBreakerConfig c = CircuitBreakerConfig.builder().minimumCalls(4).build();
      assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
      assertThat(CircuitBreakerConfig.builder().build()).isEqualTo(CircuitBreakerConfig.defaults());
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      CircuitBreakerConfig c = CircuitBreakerConfig.defaults();
      CircuitBreakerConfig changed = c.toBuilder().openDelay(Duration.ofMinutes(5)).build();
      assertThat(changed.openDelay()).isEqualTo(Duration.ofMinutes(5));
      onlyDiffersIn(changed, c, "openDelay");
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRatePercent(101).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("failureRatePercent must be 1..100, got 101");
      assertThatThrownBy(() -> CircuitBreakerConfig.builder().window(Duration.ZERO).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("window and openDelay must be positive");
      assertThatThrownBy(() -> CircuitBreakerConfig.builder().halfOpenProbes(0).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("halfOpenProbes must be >= 1, got 0");
    }
  }

  @Nested
  class Failover {
    @Test
    void toBuilderBuildsAnEqualCopy() {
      FailoverPolicy p = FailoverPolicy.builder().maxConcurrent(4).criticalReserve(0.5).build();
      assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p).hasToString(p.toString());
      assertThat(FailoverPolicy.builder().build()).isEqualTo(FailoverPolicy.defaults());
      assertThat(FailoverPolicy.defaults().criticalWait()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      FailoverPolicy p = FailoverPolicy.defaults();
      FailoverPolicy changed = p.toBuilder().criticalWait(Duration.ofSeconds(10)).build();
      assertThat(changed.criticalWait()).isEqualTo(Duration.ofSeconds(10));
      onlyDiffersIn(changed, p, "criticalWait");
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> FailoverPolicy.builder().maxPerSecond(0).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("caps must be >= 1");
      assertThatThrownBy(() -> FailoverPolicy.builder().criticalReserve(-0.1).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("criticalReserve must be within 0..1, got -0.1");
      assertThatThrownBy(() -> FailoverPolicy.builder().criticalWait(Duration.ofMillis(-1)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("criticalWait must be >= 0, got PT-0.001S");
    }
  }

  @Nested
  class Retry {
    @Test
    void toBuilderBuildsAnEqualCopy() {
      RetryConfig c = RetryConfig.builder().maxAttempts(5).build();
      assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
      assertThat(RetryConfig.builder().build()).isEqualTo(RetryConfig.defaults());
      assertThat(RetryConfig.none().maxAttempts()).isEqualTo(1);
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      RetryConfig c = RetryConfig.defaults();
      RetryConfig changed = c.toBuilder().jitter(0).build();
      assertThat(changed.jitter()).isZero();
      onlyDiffersIn(changed, c, "jitter");
      assertThat(c.withMaxAttempts(5)).isEqualTo(c.toBuilder().maxAttempts(5).build());
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(11).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be 1..10, got 11");
      assertThatThrownBy(() -> RetryConfig.builder().initialBackoff(Duration.ofSeconds(2)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("need 0 <= initialBackoff <= maxBackoff, got PT2S and PT1S");
      assertThatThrownBy(() -> RetryConfig.builder().jitter(2).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be within 0..1, got 2.0");
    }
  }

  @Nested
  class Budget {
    @Test
    void toBuilderBuildsAnEqualCopy() {
      RetryBudget b = RetryBudget.builder().ratio(0.5).build();
      assertThat(b.toBuilder().build()).isEqualTo(b).hasSameHashCodeAs(b).hasToString(b.toString());
      assertThat(RetryBudget.builder().build()).isEqualTo(RetryBudget.defaults());
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      RetryBudget b = RetryBudget.defaults();
      RetryBudget changed = b.toBuilder().minRetriesPerSecond(0).build();
      assertThat(changed.minRetriesPerSecond()).isZero();
      onlyDiffersIn(changed, b, "minRetriesPerSecond");
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> RetryBudget.builder().ratio(1.5).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("ratio must be within 0..1, got 1.5");
      assertThatThrownBy(() -> RetryBudget.builder().minRetriesPerSecond(-1).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("minRetriesPerSecond must be >= 0, got -1");
      assertThatThrownBy(() -> RetryBudget.builder().ttl(Duration.ofMinutes(5)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be 1..60 s, got PT5M");
    }
  }

  @Nested
  class Detector {
    @Test
    void toBuilderBuildsAnEqualCopy() {
      DetectorConfig c = DetectorConfig.builder().minSamples(10).build();
      assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
      assertThat(DetectorConfig.builder().build()).isEqualTo(DetectorConfig.defaults());
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      DetectorConfig c = DetectorConfig.defaults();
      DetectorConfig changed = c.toBuilder().zThreshold(3).build();
      assertThat(changed.zThreshold()).isEqualTo(3);
      onlyDiffersIn(changed, c, "zThreshold");
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> DetectorConfig.builder().alpha(1).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha must be strictly between 0 and 1, got 1.0");
      assertThatThrownBy(() -> DetectorConfig.builder().zThreshold(Double.POSITIVE_INFINITY).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("zThreshold must be positive and finite, got Infinity");
      assertThatThrownBy(() -> DetectorConfig.builder().errorRateThreshold(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("errorRateThreshold must be within (0, 1], got 0.0");
      assertThatThrownBy(() -> DetectorConfig.builder().cooldown(Duration.ofSeconds(-1)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("cooldown must be >= 0");
    }
  }

  @Nested
  class Calls {
    private final CallEvent call = CallEvent.builder()
        .intent(Intent.PAYMENT)
        .request(EdgeRequest.get("/orders"))
        .planeId("edge-a")
        .outcome(Outcome.SUCCESS)
        .statusCode(200)
        .attempts(1)
        .startedAt(Instant.parse("2026-06-01T18:00:00Z"))
        .duration(Duration.ofMillis(40))
        .build();

    @Test
    void toBuilderBuildsAnEqualCopy() {
      assertThat(call.toBuilder().build()).isEqualTo(call).hasSameHashCodeAs(call).hasToString(call.toString());
      assertThat(call.succeeded()).isTrue();
      assertThat(call.failure()).isNull();
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      CallEvent changed = call.toBuilder().attempts(3).build();
      assertThat(changed.attempts()).isEqualTo(3);
      onlyDiffersIn(changed, call, "attempts");
    }

    @Test
    void aMissingRequiredValueIsRefused_byName() {
      assertThatThrownBy(() -> call.toBuilder().outcome(null))
          .isInstanceOf(NullPointerException.class).hasMessage("outcome");
      assertThatThrownBy(() -> CallEvent.builder().intent(Intent.READ).request(EdgeRequest.get("/x"))
          .outcome(Outcome.SUCCESS).duration(Duration.ZERO).build())
          .isInstanceOf(NullPointerException.class).hasMessage("startedAt");
    }
  }

  @Nested
  class Attempts {
    private final AttemptEvent attempt = AttemptEvent.builder()
        .intent(Intent.READ)
        .plane(Plane.edge("edge-a", URI.create("http://127.0.0.1:1"), 0))
        .outcome(Outcome.SERVER_ERROR)
        .statusCode(503)
        .duration(Duration.ofMillis(12))
        .serverTimings(List.of(new ServerTiming("db", 3.5, null)))
        .build();

    @Test
    void toBuilderBuildsAnEqualCopy_withTheDocumentedDefaults() {
      assertThat(attempt.toBuilder().build())
          .isEqualTo(attempt).hasSameHashCodeAs(attempt).hasToString(attempt.toString());
      assertThat(attempt.binding()).isEqualTo("default");
      assertThat(attempt.attempt()).isEqualTo(1);
      assertThat(attempt.failover()).isFalse();
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      AttemptEvent changed = attempt.toBuilder().failover(true).build();
      assertThat(changed.failover()).isTrue();
      onlyDiffersIn(changed, attempt, "failover");
    }

    @Test
    void serverTimingsAreCopied_andAMissingRequiredValueIsRefusedByName() {
      List<ServerTiming> timings = new ArrayList<>(List.of(new ServerTiming("db", 1, null)));
      AttemptEvent e = attempt.toBuilder().serverTimings(timings).build();
      timings.clear();
      assertThat(e.serverTimings()).hasSize(1);
      assertThatThrownBy(() -> AttemptEvent.builder().intent(Intent.READ).outcome(Outcome.SUCCESS)
          .duration(Duration.ZERO).build())
          .isInstanceOf(NullPointerException.class).hasMessage("plane");
    }
  }
}
