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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A rehearsal with an edge outage fails over, judges its objectives and writes readable reports. */
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
          .build()
          .run();

      assertThat(result.load().offered()).isEqualTo(240);
      assertThat(result.routes().stream().mapToLong(RouteSlice::central).sum()).isPositive();
      assertThat(result.routes().stream().mapToLong(RouteSlice::edge).sum()).isPositive();
      assertThat(result.markers()).extracting(Marker::kind).contains(Marker.Kind.FAULT, Marker.Kind.FAILOVER);
      assertThat(result.verdict().passed()).isFalse();
      assertThat(result.verdict().results().get(0).passed()).as(result.verdict().toString()).isTrue();
      assertThat(result.verdict().findings()).containsExactly("TELEMETRY: no calls of this intent were made");

      Path dir = Files.createDirectories(Path.of("target", "rehearsals"));
      Path json = result.writeJson(dir.resolve("edge-outage.json"));
      Path html = result.writeHtml(dir.resolve("edge-outage.html"));
      JsonNode tree = Json.tree(Files.readAllBytes(json));
      assertThat(tree.path("verdict").path("passed").asBoolean(true)).isFalse();
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
}
