package dev.microevent.plane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.OutlierDetectionConfig;
import dev.microevent.core.Plane;
import dev.microevent.core.RetryConfig;
import dev.microevent.core.SdkException;
import dev.microevent.testkit.FakeBackend;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.fault.Fault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Link loss put beside session drops, through the testkit's injected faults: the plane answers
 * probes and the app's calls alike, and in every other window a black hole swallows 40 % of what
 * reaches it (probes and calls). Each window sends 25 probes and 25 calls (300 ms per attempt, no
 * retry) and is closed once every probe has finished, so what a window holds is what it sent.
 */
class LinkExperienceIT {
  private static final int PER_WINDOW = 25;
  private static final int WINDOWS = 6;

  @Test
  void windowsWithInjectedLoss_showMoreLossAndMoreDrops_andLossCorrelatesPositivelyWithDrops() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (FakeBackend plane = FakeBackend.builder("venue-hub").random(new Random(3550)).start();
        FakeBackend central = FakeBackend.builder("central").start();
        LinkProbe probe = LinkProbe.builder().plane("venue-hub").slice("embb")
            .target(plane.uri("/telemetry/v1/probe")).timeout(Duration.ofMillis(300)).build();
        LinkExperience experience = LinkExperience.builder().addProbe(probe).meterRegistry(registry).build();
        MicroEventClient client = MicroEventClient.builder()
            .addEdgePlane(Plane.edge("venue-hub", plane.uri(), 0))
            .centralPlane(Plane.central(central.uri()))
            .healthChecksEnabled(false)
            .configSyncInterval(Duration.ZERO)
            // the plane is judged through its own windows: five black-holed calls in a row must not
            // eject it and send the clean windows' calls to central, which would drop them all
            .outlierDetection(OutlierDetectionConfig.builder().consecutiveFailures(1_000_000).build())
            .policy(Intent.TELEMETRY, IntentPolicy.builder().attemptTimeout(Duration.ofMillis(300))
                .deadline(Duration.ofMillis(300)).retry(RetryConfig.none()).build())
            .addCallListener(experience.callListener())
            .build()) {
      plane.route("GET", "/telemetry/v1/probe", FakeResponse.status(204));
      plane.route("POST", "/v1/telemetry", FakeResponse.status(202));
      for (int w = 0; w < WINDOWS; w++) {
        boolean lossy = w % 2 == 1;
        if (lossy) {
          plane.faults().inject(Fault.blackHole().withProbability(0.4));
        }
        for (int i = 0; i < PER_WINDOW; i++) {
          probe.probeOnce();
          try {
            client.call(Intent.TELEMETRY, EdgeRequest.builder("POST", "/v1/telemetry")
                .body("{\"event\":\"view\"}", "application/json").build());
          } catch (SdkException dropped) {
            // counted by the experience's call listener
          }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.stats().finished() == probe.stats().sent());
        plane.faults().clear();
        experience.closeWindow();
      }

      ExperienceSummary s = experience.summary();
      System.out.print(s.table());
      List<ExperienceSummary.Window> ws = s.windows();
      assertThat(ws).hasSize(WINDOWS);
      for (int w = 1; w < WINDOWS; w += 2) {
        ExperienceSummary.Window clean = ws.get(w - 1);
        ExperienceSummary.Window lossy = ws.get(w);
        assertThat(clean.calls()).isEqualTo(PER_WINDOW);
        assertThat(lossy.calls()).isEqualTo(PER_WINDOW);
        assertThat(lossy.links().get(0).lossRatio()).as("window %d's loss", w)
            .isGreaterThan(clean.links().get(0).lossRatio());
        assertThat(lossy.drops()).as("window %d's drops", w).isGreaterThan(clean.drops());
        assertThat(lossy.links().get(0).planeDrops()).as("drops on the probed plane").isPositive();
      }
      ExperienceSummary.Correlation c = s.correlations().get(0);
      assertThat(c.windows()).isEqualTo(WINDOWS);
      assertThat(c.lossVsDrops()).as("loss against drops").isGreaterThan(0.5);

      JsonNode json = new ObjectMapper().readTree(s.json());
      assertThat(json.path("windows")).hasSize(WINDOWS);
      assertThat(json.path("correlations").get(0).path("lossVsDrops").asDouble()).isEqualTo(c.lossVsDrops());
      assertThat(s.table()).contains("venue-hub").contains(String.format(java.util.Locale.ROOT, "%+.2f", c.lossVsDrops()));
      assertThat(registry.get("microevent.link.drops.correlation").tag("plane", "venue-hub").tag("slice", "embb")
          .tag("of", "loss").gauge().value()).isEqualTo(c.lossVsDrops());
      assertThat(registry.get("microevent.session.drops").gauge().value()).isEqualTo((double) ws.get(WINDOWS - 1).drops());
    }
  }

  @Test
  void aCorrelation_isUndefinedUntilThreeWindows_andWhenOneSideNeverVaries() {
    ExperienceSummary.Window quiet = window(0.0, 0);
    assertThat(ExperienceSummary.of(List.of(quiet, quiet)).correlations().get(0).lossVsDrops()).isNaN();
    assertThat(ExperienceSummary.of(List.of(quiet, quiet, quiet)).correlations().get(0).lossVsDrops()).isNaN();
    assertThat(ExperienceSummary.of(List.of(quiet, window(0.5, 10), quiet)).correlations().get(0).lossVsDrops())
        .isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ExperienceSummary.of(List.of(quiet, window(0.5, 0), window(0.0, 10))).correlations().get(0)
        .lossVsDrops()).isNegative();
    assertThat(ExperienceSummary.of(List.of(quiet, quiet, quiet)).json()).contains("\"lossVsDrops\":null");
    assertThat(ExperienceSummary.of(List.of(quiet, quiet, quiet)).table()).contains("n/a");
  }

  private static ExperienceSummary.Window window(double loss, long failed) {
    java.time.Instant t = java.time.Instant.parse("2026-12-07T10:00:00Z");
    return new ExperienceSummary.Window(t, t.plusSeconds(10), 20, failed, 0, List.of(
        new ExperienceSummary.LinkWindow("edge-1", "embb", Math.round(20 * (1 - loss)), Math.round(20 * loss), loss,
            5, 1, failed)));
  }
}
