package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.ErrorBudget;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Meters, trace context and Server-Timing as seen after real traffic on loopback. */
class TelemetryIT {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AttemptEvent> attempts = new ArrayList<>();
  private final List<BudgetAlert> alerts = new ArrayList<>();
  private TestPlane edge;
  private TestPlane central;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    central = new TestPlane("central");
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .centralPlane(central.central())
        .healthChecksEnabled(false)
        .configSyncInterval(Duration.ZERO)
        .meterRegistry(registry)
        .addBudgetAlertListener(alerts::add)
        .addCallListener(new CallListener() {
          @Override
          public void onAttempt(AttemptEvent event) {
            attempts.add(event);
          }
        })
        // generous timeouts: a slow attempt on a busy machine must not add a timeout meter
        .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder()
            .attemptTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(15))
            .retry(RetryConfig.defaults().withBackoff(Duration.ZERO, Duration.ZERO)).build())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
    central.close();
  }

  private static Set<String> tagKeys(Meter m) {
    Set<String> keys = new HashSet<>();
    for (Tag t : m.getId().getTags()) {
      keys.add(t.getKey());
    }
    return keys;
  }

  @Test
  void mixedTrafficLeavesBoundedMetersWithTheExpectedNamesAndTags() {
    AtomicInteger n = new AtomicInteger();
    edge.answering(r -> n.incrementAndGet() % 3 == 0 ? TestPlane.json(503, "{}") : TestPlane.json(200, "{}"));
    for (int i = 0; i < 30; i++) {
      client.call(Intent.READ, EdgeRequest.get("/v1/items/" + i + "?user=u" + i));
    }
    client.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/payments").body("{}", "application/json").build());
    client.modes().propose("test", ServiceMode.CRITICAL_ONLY, "test");
    assertThatThrownBy(() -> client.call(Intent.TELEMETRY, EdgeRequest.get("/v1/t"))).isInstanceOf(ShedException.class);

    assertThat(registry.get("microevent.client.calls").tags("intent", "read", "outcome", "success", "plane", "edge-a")
        .timer().count()).isPositive();
    assertThat(registry.get("microevent.client.calls").tags("intent", "read", "plane", "central").timer().count())
        .as("each 503 failed over to central").isPositive();
    assertThat(registry.get("microevent.client.attempts").tags("outcome", "server_error", "status", "5xx")
        .timer().count()).isPositive();
    assertThat(registry.get("microevent.client.calls").tags("intent", "telemetry", "outcome", "shed").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("microevent.client.sheds").tags("mode", "critical_only").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.client.retries").tags("intent", "read").counter().count()).isPositive();
    assertThat(registry.get("microevent.routing.failovers").tags("result", "admitted").counter().count()).isPositive();
    assertThat(registry.get("microevent.mode.changes").tags("to", "critical_only").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.client.phases").tags("phase", "ttfb").timers()).isNotEmpty();
    assertThat(registry.get("microevent.client.phases").tags("phase", "connect").timers()).isNotEmpty();
    assertThat(registry.get("microevent.slo.burn.rate").tags("budget", "read", "window", "5m").gauge().value())
        .as("every read succeeded in the end, thanks to failover").isZero();

    assertThat(registry.get("microevent.client.calls").timers())
        .allSatisfy(t -> assertThat(tagKeys(t)).containsExactlyInAnyOrder(
            "intent", "criticality", "plane", "outcome", "status"));
    assertThat(registry.getMeters())
        .allSatisfy(m -> assertThat(m.getId().getName()).startsWith("microevent."))
        .allSatisfy(m -> assertThat(m.getId().getTags()).noneMatch(t -> t.getValue().contains("/v1/")
            || t.getValue().startsWith("u")));
    client.modes().propose("test", ServiceMode.NORMAL, "test");
    int meters = registry.getMeters().size();
    edge.answering(r -> TestPlane.json(200, "{}"));
    for (int i = 100; i < 130; i++) {
      client.call(Intent.READ, EdgeRequest.get("/v1/items/" + i + "?user=u" + i));
    }
    assertThat(registry.getMeters()).as("30 more paths and users add no meter").hasSize(meters);
  }

  @Test
  void closingRemovesTheClientsGauges_soTheNextClientOnTheRegistryReportsItsOwnState() {
    assertThat(registry.find("microevent.plane.healthy").gauges()).hasSize(2);
    assertThat(registry.find("microevent.slo.burn.rate").gauges()).isNotEmpty();

    client.close();

    assertThat(registry.getMeters()).noneMatch(m -> m instanceof io.micrometer.core.instrument.Gauge);
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .healthChecksEnabled(false)
        .configSyncInterval(Duration.ZERO)
        .meterRegistry(registry)
        .build();
    client.modes().propose("test", ServiceMode.CRITICAL_ONLY, "test");

    assertThat(registry.get("microevent.mode.level").gauge().value()).isEqualTo(2.0);
    assertThat(registry.find("microevent.plane.healthy").gauges()).hasSize(1);
  }

  @Test
  void everyAttemptCarriesTheSameTraceWithItsOwnSpan() {
    edge.answering(r -> TestPlane.json(503, "{}"));

    client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    String first = edge.appRequests.get(0).getHeaders().get("traceparent");
    String second = central.appRequests.get(0).getHeaders().get("traceparent");
    assertThat(first).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");
    assertThat(second.substring(3, 35)).isEqualTo(first.substring(3, 35));
    assertThat(second.substring(36, 52)).isNotEqualTo(first.substring(36, 52));
  }

  @Test
  void anIncomingContextIsPropagated_withItsState() {
    client.call(Intent.READ, EdgeRequest.builder("GET", "/v1/catalog")
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .header("tracestate", "congo=t61rcWkgMzE")
        .build());

    String sent = edge.appRequests.get(0).getHeaders().get("traceparent");
    assertThat(sent).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01")
        .doesNotContain("00f067aa0ba902b7");
    assertThat(edge.appRequests.get(0).getHeaders().get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
  }

  @Test
  void anInvalidIncomingContextStartsANewTrace_andIsCounted() {
    client.call(Intent.READ, EdgeRequest.builder("GET", "/v1/catalog")
        .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
        .header("tracestate", "congo=t61rcWkgMzE")
        .build());

    String sent = edge.appRequests.get(0).getHeaders().get("traceparent");
    assertThat(sent).doesNotContain("00000000000000000000000000000000");
    assertThat(edge.appRequests.get(0).getHeaders().get("tracestate")).isNull();
    assertThat(registry.get("microevent.trace.invalid").counter().count()).isEqualTo(1);
  }

  @Test
  void serverTimingIsRecordedBesideClientTimings_andMalformedOnesAreCounted() {
    edge.answering(r -> new MockResponse.Builder().code(200)
        .addHeader("Server-Timing", "db;dur=53;desc=\"Orders\", app;dur=47.2, bad metric;dur=1")
        .body("{}").build());

    EdgeResponse r = client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(attempts.get(0).serverTimings()).extracting(ServerTiming::name).containsExactly("db", "app");
    assertThat(registry.get("microevent.client.server.timing").tags("metric", "db").timer()
        .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(53.0);
    assertThat(registry.get("microevent.client.server.timing.malformed").counter().count()).isEqualTo(1);
  }

  @Test
  void serverChosenMetricNamesCannotGrowTheMeters() {
    AtomicInteger n = new AtomicInteger();
    edge.answering(r -> new MockResponse.Builder().code(200)
        .addHeader("Server-Timing", "req-" + n.incrementAndGet() + ";dur=1").body("{}").build());

    for (int i = 0; i < 40; i++) {
      client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
    }

    assertThat(registry.get("microevent.client.server.timing").timers()).hasSize(17);
    assertThat(registry.get("microevent.client.server.timing").tag("metric", "other").timer().count()).isEqualTo(24);
  }

  @Test
  void aFailingIntentBurnsItsBudget_andTheEvaluationRaisesAnAlert() {
    edge.answering(r -> TestPlane.json(500, "{}"));
    central.answering(r -> TestPlane.json(500, "{}"));
    for (int i = 0; i < 25; i++) {
      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .as("server errors, then the breaker's rejections: both burn the budget")
          .isInstanceOfAny(SdkServiceException.class, CallRejectedException.class);
    }

    client.errorBudgets().evaluateNow();

    ErrorBudget read = client.errorBudgets().of(Intent.READ).orElseThrow();
    assertThat(read.burnRate(ErrorBudget.W5M)).isEqualTo(1.0 / Slo().budget());
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.budget()).isEqualTo("read");
      assertThat(a.to()).isEqualTo(BudgetAlert.Severity.PAGE);
      assertThat(a.firing()).isTrue();
    });
    assertThat(client.errorBudgets().levels()).containsEntry("read", BudgetAlert.Severity.PAGE);
  }

  private static dev.microevent.core.budget.Slo Slo() {
    return dev.microevent.core.budget.Slo.percent(99.5);
  }
}
