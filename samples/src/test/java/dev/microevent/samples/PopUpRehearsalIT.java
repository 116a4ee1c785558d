package dev.microevent.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.fault.FaultScript;
import dev.microevent.testkit.rehearsal.Marker;
import dev.microevent.testkit.rehearsal.ObjectiveResult;
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

  /**
   * The demo's own settings at ten times the traffic: payments get through (critical calls come
   * first), but the failover cap refuses most reads and stream chunks while the edge is down. The
   * README tells this story about the report; the assertions keep it true.
   */
  @Test
  void demoTrafficAtTenTimesSpeed_missesItsObjectives_withTheDemosFailoverCap() throws Exception {
    RehearsalResult result = rehearse("pop-up demo traffic at 10x",
        Duration.ofMillis(500), new FailoverPolicy(16, 60, 0.25), "popup-10x");

    assertThat(result.load().offered()).isEqualTo(2700);
    assertThat(result.verdict().passed()).isFalse();
    assertThat(result.verdict().results()).extracting(r -> r.objective().intent(), ObjectiveResult::passed)
        .containsExactly(tuple(Intent.PAYMENT, true), tuple(Intent.READ, false), tuple(Intent.STREAM_UPLINK, false));
    assertThat(result.load().errorsByKind()).containsKey("NoRouteException FAILOVER_CAPACITY");
    assertThat(result.markers()).extracting(Marker::kind).contains(Marker.Kind.FAILOVER, Marker.Kind.FAILBACK);
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
    HealthCheckConfig health = HealthCheckConfig.defaults().withInterval(healthInterval).withThresholds(2, 3);
    try (FakeEdgePlane edge = FakeEdgePlane.start("venue-hub");
        FakeCentralPlane central = FakeCentralPlane.start()) {
      RehearsalResult result = Rehearsal.builder(name)
          .client(MicroEventClient.builder()
              .addEdgePlane(edge.plane())
              .centralPlane(central.plane())
              .healthCheck(health)
              .failover(failover))
          .replay(TrafficFile.read(traffic), 10)
          .faults(FaultScript.builder().outage(Duration.ofMillis(300), Duration.ofMillis(700), edge).build())
          .objective(Objective.of(Intent.PAYMENT, Slo.percent(99.9)).withLatency(99, Duration.ofSeconds(2)))
          .objective(Objective.of(Intent.READ, Slo.percent(99)).withLatency(99, Duration.ofSeconds(1)))
          .objective(Objective.of(Intent.STREAM_UPLINK, Slo.percent(99)))
          .setting("traffic", "30 s at the demo's rates (read 50/s, stream 25/s, telemetry 10/s, payment 5/s) at 10x")
          .setting("fault", "edge plane down (connections refused) from 0.3 s to 0.7 s of run time")
          .setting("health checks", "every " + health.interval().toMillis() + " ms; a plane is unhealthy after "
              + health.unhealthyThreshold() + " failed checks, healthy again after " + health.healthyThreshold()
              + " passed ones")
          .setting("failover cap", failover.maxConcurrent() + " calls in flight, " + failover.maxPerSecond()
              + " calls/s, " + Math.round(failover.criticalReserve() * 100) + " % kept for critical calls")
          .build()
          .run();
      Path html = result.writeHtml(Path.of("target", "rehearsals", file + ".html"));
      result.writeJson(Path.of("target", "rehearsals", file + ".json"));
      assertThat(Files.readString(html)).contains(name, "id=\"routes\"", "id=\"settings\"",
          failover.maxPerSecond() + " calls/s");
      return result;
    }
  }
}
