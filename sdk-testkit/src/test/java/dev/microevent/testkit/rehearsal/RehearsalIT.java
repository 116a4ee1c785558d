package dev.microevent.testkit.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.fault.Fault;
import dev.microevent.testkit.fault.FaultScript;
import dev.microevent.testkit.internal.Json;
import dev.microevent.testkit.load.LoadProfile;
import dev.microevent.testkit.load.TimeSlice;
import dev.microevent.testkit.replay.TrafficRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rehearsal with an edge outage fails over, judges its objectives and writes readable reports,
 * with every chart on one time base; a rehearsal whose generator falls behind is inconclusive.
 */
class RehearsalIT {

  @Test
  void rehearsalOfAnEdgeOutage_showsTheFailover_andWritesJsonAndHtml() throws Exception {
    try (FakeEdgePlane edge = FakeEdgePlane.start("venue-hub");
        FakeCentralPlane central = FakeCentralPlane.start()) {
      RehearsalResult result = Rehearsal.builder("edge outage at the till")
          .client(MicroEventClient.builder()
              .addEdgePlane(edge.plane())
              .centralPlane(central.plane())
              .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(200)).withThresholds(1, 2)
                  .withJitter(Duration.ZERO)))
          .load(LoadProfile.constant(60, Duration.ofSeconds(4)))
          .request(Intent.READ, EdgeRequest.get("/v1/catalog"), 5)
          .request(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/payments")
              .body("{\"amount\":2500}", "application/json").build(), 1)
          .faults(FaultScript.builder()
              .during(Duration.ofMillis(1000), Duration.ofMillis(2500), edge.faults(), Fault.reset())
              .build())
          .objective(Objective.of(Intent.PAYMENT, Slo.percent(50)).withLatency(99, Duration.ofSeconds(5)))
          .objective(Objective.of(Intent.TELEMETRY, Slo.percent(99)))
          .setting("health checks", "every 200 ms")
          // What is judged here is the reports, not the machine: 60 calls/s bunched by up to a
          // second of lag still meet the payment objective and still make no telemetry call.
          .maxGeneratorLag(Duration.ofSeconds(1))
          .build()
          .run();

      assertThat(result.load().offered()).isEqualTo(240);
      assertThat(result.warmUp()).contains("calls of the traffic's mix");
      assertThat(edge.appRequests().size() + central.appRequests().size())
          .as("the fakes served the warm-up too").isGreaterThan(240);
      assertThat(result.verdict().results().get(0).calls()).as("measured payments only, no warm-up call")
          .isEqualTo(result.load().byIntent().get(Intent.PAYMENT.name()).requests());
      List<TimeSlice> slices = result.load().timeline();
      assertThat(result.routes()).hasSameSizeAs(slices);
      for (int i = 0; i < slices.size(); i++) {
        RouteSlice route = result.routes().get(i);
        assertThat(route.edge() + route.central() + route.failed())
            .as("calls routed in slice %d, on the time base of its %d arrivals", i, slices.get(i).offered())
            .isEqualTo(slices.get(i).offered());
        assertThat(route.failed()).as("failed calls in slice %d", i).isEqualTo(slices.get(i).failed());
      }
      assertThat(result.routes().stream().mapToLong(RouteSlice::central).sum()).isPositive();
      assertThat(result.routes().stream().mapToLong(RouteSlice::edge).sum()).isPositive();
      assertThat(result.markers()).extracting(Marker::kind).contains(Marker.Kind.FAULT, Marker.Kind.FAILOVER);
      assertThat(result.verdict().status()).isEqualTo(Verdict.Status.FAILED);
      assertThat(result.verdict().results().get(0).passed()).as(result.verdict().toString()).isTrue();
      assertThat(result.verdict().findings()).containsExactly("TELEMETRY: no calls of this intent were made");

      Path dir = Files.createDirectories(Path.of("target", "rehearsals"));
      Path json = result.writeJson(dir.resolve("edge-outage.json"));
      Path html = result.writeHtml(dir.resolve("edge-outage.html"));
      JsonNode tree = Json.tree(Files.readAllBytes(json));
      assertThat(tree.path("verdict").path("passed").asBoolean(true)).isFalse();
      assertThat(tree.path("verdict").path("status").asText()).isEqualTo("FAILED");
      assertThat(tree.path("load").path("offered").asLong()).isEqualTo(240);
      assertThat(tree.path("timeline").size()).isEqualTo(result.load().timeline().size());
      assertThat(tree.path("settings").path("health checks").asText()).isEqualTo("every 200 ms");
      String page = Files.readString(html);
      assertThat(page).startsWith("<!DOCTYPE html>")
          .contains("id=\"latency\"", "id=\"errors\"", "id=\"routes\"", "class=\"marker\"", "FAILED",
              "id=\"settings\"", "every 200 ms", "id=\"intents\"")
          .doesNotContain("<script", "http://", "https://");
    }
  }

  @Test
  void aGeneratorThatFallsBehindItsSchedule_makesTheVerdictInconclusive_sayingHowLateAndHowOften() throws Exception {
    // 500 calls due at the same instant: however fast the machine, most are handed to a worker
    // more than a millisecond late (workers must be started and calls answered first).
    List<TrafficRecord> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      burst.add(TrafficRecord.builder(Duration.ZERO, Intent.READ, "GET", "/v1/catalog").build());
    }
    try (FakeEdgePlane edge = FakeEdgePlane.start("venue-hub");
        FakeCentralPlane central = FakeCentralPlane.start()) {
      RehearsalResult result = Rehearsal.builder("a burst no machine sends on time")
          .client(MicroEventClient.builder().addEdgePlane(edge.plane()).centralPlane(central.plane()))
          .replay(burst, 1)
          .warmUp(Duration.ZERO)
          .maxGeneratorLag(Duration.ofMillis(1))
          .objective(Objective.of(Intent.READ, Slo.percent(50)))
          .build()
          .run();

      Verdict verdict = result.verdict();
      assertThat(verdict.status()).isEqualTo(Verdict.Status.INCONCLUSIVE);
      assertThat(verdict.passed()).isFalse();
      assertThat(verdict.inconclusive()).isTrue();
      assertThat(verdict.reasons()).singleElement().asString()
          .containsPattern("the load generator fell behind its schedule: \\d+ of 500 calls \\(\\d+\\.\\d %\\) were"
              + " sent more than 1 ms late, the latest \\d+ ms late");
      assertThat(result.load().lateArrivals(Duration.ofMillis(1))).isPositive();
      assertThat(verdict.results()).as("still measured and shown, not judged").hasSize(1);
      assertThat(verdict.toString()).startsWith("INCONCLUSIVE [the load generator fell behind");
      assertThat(result.warmUp()).isEqualTo("none");

      JsonNode tree = Json.tree(result.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(tree.path("verdict").path("status").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(tree.path("verdict").path("passed").asBoolean(true)).isFalse();
      assertThat(tree.path("verdict").path("reasons").get(0).asText()).startsWith("the load generator fell behind");
      assertThat(tree.path("load").path("generatorLagMs").path("max").asDouble()).isGreaterThan(1);
      assertThat(result.toHtml()).contains("class=\"verdict inconclusive\">INCONCLUSIVE", "id=\"reasons\"",
          "the load generator fell behind its schedule").doesNotContain(">PASSED<", ">FAILED<");
    }
  }
}
