package dev.microevent.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.fault.FaultScript;
import dev.microevent.testkit.rehearsal.Objective;
import dev.microevent.testkit.rehearsal.Rehearsal;
import dev.microevent.testkit.rehearsal.RehearsalResult;
import dev.microevent.testkit.replay.TrafficFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The pop-up demo's traffic (30 s of READ 50/s, STREAM_UPLINK 25/s, TELEMETRY 10/s, PAYMENT 5/s)
 * replayed at 10x peak against the demo's client settings, with the edge plane down for the same
 * share of the run as in the demo. Writes {@code target/rehearsals/popup-10x.html} and {@code .json}.
 */
class PopUpRehearsalIT {

  @Test
  void demoTrafficAtTenTimesSpeed_producesAReport() throws Exception {
    RehearsalResult result = rehearse("pop-up demo traffic at 10x",
        Duration.ofMillis(500), new FailoverPolicy(16, 60, 0.25), "popup-10x");

    assertThat(result.load().offered()).isEqualTo(2700);
    assertThat(result.verdict().results()).hasSize(3);
  }

  /**
   * The same peak with the settings the first report calls for: failover caps sized for ten
   * times the traffic, and health checks five times as often so traffic fails back sooner.
   */
  @Test
  void demoTrafficAtTenTimesSpeed_meetsItsObjectives_withSettingsSizedForThePeak() throws Exception {
    RehearsalResult result = rehearse("pop-up demo traffic at 10x, settings sized for the peak",
        Duration.ofMillis(100), new FailoverPolicy(200, 1000, 0.25), "popup-10x-tuned");

    assertThat(result.verdict().passed()).as(String.join("; ", result.verdict().findings())).isTrue();
  }

  private RehearsalResult rehearse(String name, Duration healthInterval, FailoverPolicy failover, String file)
      throws Exception {
    Path traffic = Path.of(getClass().getResource("/popup-demo-traffic.ndjson").toURI());
    try (FakeEdgePlane edge = FakeEdgePlane.start("venue-hub");
        FakeCentralPlane central = FakeCentralPlane.start()) {
      RehearsalResult result = Rehearsal.builder(name)
          .client(MicroEventClient.builder()
              .addEdgePlane(edge.plane())
              .centralPlane(central.plane())
              .healthCheck(HealthCheckConfig.defaults().withInterval(healthInterval).withThresholds(2, 3))
              .failover(failover))
          .replay(TrafficFile.read(traffic), 10)
          .faults(FaultScript.builder().outage(Duration.ofMillis(300), Duration.ofMillis(700), edge).build())
          .objective(Objective.of(Intent.PAYMENT, Slo.percent(99.9)).withLatency(99, Duration.ofSeconds(2)))
          .objective(Objective.of(Intent.READ, Slo.percent(99)).withLatency(99, Duration.ofSeconds(1)))
          .objective(Objective.of(Intent.STREAM_UPLINK, Slo.percent(99)))
          .build()
          .run();
      Path html = result.writeHtml(Path.of("target", "rehearsals", file + ".html"));
      result.writeJson(Path.of("target", "rehearsals", file + ".json"));
      assertThat(Files.readString(html)).contains(name, "id=\"routes\"");
      return result;
    }
  }
}
