package dev.microevent.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.microevent.core.FailoverPolicy;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.fault.FaultScript;
import dev.microevent.testkit.load.LoadReport;
import dev.microevent.testkit.rehearsal.Marker;
import dev.microevent.testkit.rehearsal.ObjectiveResult;
import dev.microevent.testkit.rehearsal.Objective;
import dev.microevent.testkit.rehearsal.Rehearsal;
import dev.microevent.testkit.rehearsal.RehearsalResult;
import dev.microevent.testkit.rehearsal.Verdict;
import dev.microevent.testkit.replay.TrafficFile;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The pop-up demo's traffic (30 s of READ 50/s, STREAM_UPLINK 25/s, TELEMETRY 10/s, PAYMENT 5/s)
 * replayed at 10x peak against the demo's client settings, with the edge plane down for the same
 * share of the run as in the demo. Writes {@code target/rehearsals/popup-10x.html} and {@code .json}.
 *
 * <p>A rehearsal whose verdict is INCONCLUSIVE (the load generator fell behind its schedule: a busy
 * or cold machine, not the SDK) is not the SDK failing, so it is run again, up to {@value
 * #ATTEMPTS} times, and each test judges the first conclusive verdict: a wrong one fails the test.
 * It never passes without one, which would vouch for the README without a measurement. When every
 * attempt was inconclusive, the test is aborted (reported as skipped, with the reasons) if the
 * machine was overloaded each time (a load average of at least twice its cores), and fails
 * otherwise: a rehearsal that cannot keep its own schedule on a machine with CPU to spare means
 * the SDK or the testkit starves it, a defect that skipping would hide forever.
 */
class PopUpRehearsalIT {
  private static final int ATTEMPTS = 6;

  /**
   * The demo's own settings at ten times the traffic: payments get through (critical calls come
   * first), but the failover cap refuses most reads and stream chunks while the edge is down. The
   * README tells this story about the report; the assertions keep it true.
   */
  @Test
  void demoTrafficAtTenTimesSpeed_missesItsObjectives_withTheDemosFailoverCap() throws Exception {
    RehearsalResult result = conclusive("pop-up demo traffic at 10x",
        Duration.ofMillis(500), FailoverPolicy.builder().maxConcurrent(16).maxPerSecond(60).criticalReserve(0.25)
            .build(), "popup-10x");

    assertThat(result.load().offered()).isEqualTo(2700);
    assertThat(result.verdict().status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(result.verdict().results()).extracting(r -> r.objective().intent(), ObjectiveResult::passed)
        .containsExactly(tuple(Intent.PAYMENT, true), tuple(Intent.READ, false), tuple(Intent.STREAM_UPLINK, false));
    assertThat(result.load().errorsByKind()).containsKey("NoRouteException FAILOVER_CAPACITY");
    assertThat(result.markers()).extracting(Marker::kind).contains(Marker.Kind.FAILOVER);
    // Slow health checks keep calls on the capped central plane long after the edge is back at
    // 0.7 s: three passing checks 500 ms apart take a second, so they still fail over at 1.2 s.
    // (Whether they are back on the edge before the run ends at 3 s depends on when the checks run.)
    assertThat(result.routes()).filteredOn(r -> r.start().compareTo(Duration.ofMillis(1200)) >= 0)
        .as("slices from 1.2 s on").anyMatch(r -> r.failoverAttempts() > 0);
  }

  /**
   * The same peak with the settings the first report calls for: failover caps sized for ten
   * times the traffic, and health checks five times as often so traffic fails back sooner.
   */
  @Test
  void demoTrafficAtTenTimesSpeed_meetsItsObjectives_withSettingsSizedForThePeak() throws Exception {
    RehearsalResult result = conclusive("pop-up demo traffic at 10x, settings sized for the peak",
        Duration.ofMillis(100), FailoverPolicy.builder().maxConcurrent(200).maxPerSecond(1000).criticalReserve(0.25)
            .build(), "popup-10x-tuned");

    assertThat(result.verdict().status()).as(String.join("; ", result.verdict().findings()))
        .isEqualTo(Verdict.Status.PASSED);
  }

  /** The first conclusive rehearsal of up to {@value #ATTEMPTS}; see the class comment for when there is none. */
  private RehearsalResult conclusive(String name, Duration healthInterval, FailoverPolicy failover, String file)
      throws Exception {
    List<String> inconclusive = new ArrayList<>();
    double overloaded = 2.0 * Runtime.getRuntime().availableProcessors();
    boolean alwaysOverloaded = true;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      long cpu = processCpuNanos();
      long gc = gcMillis();
      long wall = System.nanoTime();
      RehearsalResult result = rehearse(name, healthInterval, failover, file);
      LoadReport load = result.load();
      double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      System.out.printf(Locale.ROOT, "%s, attempt %d: %s; generator lag p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
              + " warm-up: %s; this JVM used %.1f s of CPU in %.1f s (GC %d ms), system load average %.1f%n",
          name, attempt, result.verdict(), ms(load.generatorLag().p50()), ms(load.generatorLag().p99()),
          ms(load.generatorLag().max()), result.warmUp(), (processCpuNanos() - cpu) / 1e9,
          (System.nanoTime() - wall) / 1e9, gcMillis() - gc, loadAverage);
      if (!result.verdict().inconclusive()) {
        return result;
      }
      // A negative load average means the platform cannot tell: then the machine is not known to be busy.
      alwaysOverloaded &= loadAverage >= overloaded;
      inconclusive.add(String.format(Locale.ROOT, "attempt %d at load average %.1f: %s", attempt, loadAverage,
          String.join("; ", result.verdict().reasons())));
    }
    String why = String.format(Locale.ROOT, "every one of %d rehearsals was INCONCLUSIVE, so the SDK was not judged:"
        + "%n%s", ATTEMPTS, String.join("\n", inconclusive));
    if (alwaysOverloaded) {
      return abort("the machine was overloaded (load average of " + overloaded + " or more) each time; " + why);
    }
    return fail("the generator fell behind on a machine with CPU to spare: the SDK or the testkit starves its"
        + " own rehearsal; " + why);
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1e6;
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
