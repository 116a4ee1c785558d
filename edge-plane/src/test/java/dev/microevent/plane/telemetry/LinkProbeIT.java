package dev.microevent.plane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.testkit.FakeBackend;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.fault.Fault;
import dev.microevent.testkit.fault.LatencyDistribution;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Link probes through the testkit's injected faults: the measured loss, added delay and RFC 3550
 * jitter match what was injected. Injected: a black hole for 20 % of probes (a probe unanswered
 * within 5 s is lost: long enough that no answer a busy machine delays is taken for a loss), a
 * uniform 30..70 ms delay on every probe (mean 50 ms; the mean |D| of two such delays is 40/3 = 13.3
 * ms, which the RFC 3550 estimate converges to). Tolerances cover a busy 2-core machine: loss ±8
 * points (over 3 standard deviations at 300 probes), and exactly the probes the fake black-holed;
 * delay within 40..65 ms and jitter from 8 ms to 25 ms plus the control's, each over a control
 * probe run at the same time to a plane that delays every answer by 1 ms the same way (a timed
 * wait on the answering thread), so what a busy machine adds to every round trip and to every
 * timed wait is in both and not taken for what was injected.
 */
class LinkProbeIT {

  @Test
  void measuredLossDelayAndJitter_matchTheInjectedFaults() {
    try (FakeBackend plane = FakeBackend.builder("plane").random(new Random(3550)).start()) {
      plane.route("GET", "/telemetry/v1/probe", FakeResponse.status(204));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      // no fault: nothing lost (this also warms the JVM's HTTP client up)
      LinkProbe idle = LinkProbe.builder().plane("edge-1").slice("embb").target(plane.uri("/telemetry/v1/probe"))
          .interval(Duration.ofMillis(20)).timeout(Duration.ofSeconds(2)).window(50).start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> idle.stats().sent() >= 50);
        idle.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> idle.stats().finished() == idle.stats().sent());
        assertThat(idle.stats().lost()).isZero();
      } finally {
        idle.close();
      }

      plane.faults().inject(Fault.latency(LatencyDistribution.uniform(Duration.ofMillis(30), Duration.ofMillis(70))));
      plane.faults().inject(Fault.blackHole().withProbability(0.20));
      // A control probe to a plane without faults, at the same time on the same machine: what a busy
      // machine adds to every round trip shows in both, so the difference is what the faults added.
      try (FakeBackend clean = FakeBackend.builder("clean").start()) {
        clean.route("GET", "/telemetry/v1/probe", FakeResponse.status(204));
        clean.faults().inject(Fault.latency(LatencyDistribution.fixed(Duration.ofMillis(1))));
        LinkProbe probe = LinkProbe.builder().plane("edge-1").slice("embb").target(plane.uri("/telemetry/v1/probe"))
            .interval(Duration.ofMillis(10)).timeout(Duration.ofSeconds(5)).window(300).meterRegistry(registry)
            .start();
        LinkProbe control = LinkProbe.builder().plane("control").slice("embb")
            .target(clean.uri("/telemetry/v1/probe")).interval(Duration.ofMillis(10)).timeout(Duration.ofSeconds(5))
            .window(300).start();
        try {
          await().atMost(Duration.ofSeconds(60)).until(() -> probe.stats().sent() >= 300);
          probe.close();
          control.close();
          // every probe sent has finished once its timeout has passed
          await().atMost(Duration.ofSeconds(20)).until(() -> probe.stats().finished() == probe.stats().sent()
              && control.stats().finished() == control.stats().sent());
          LinkStats s = probe.stats();
          LinkStats c = control.stats();
          System.out.println("link probe through the injected faults: " + s + "; control: " + c);

          assertThat(s.lossRatio() - c.lossRatio()).as("loss of %s over the control's %s", s, c)
              .isBetween(0.12, 0.28);
          long blackHoled = plane.requests().stream().filter(r -> r.fault().contains("black")).count();
          assertThat(s.lost()).as("lost probes: those the fake black-holed, no more").isEqualTo(blackHoled);
          assertThat(s.meanRttMillis() - c.meanRttMillis()).as("delay of %s over the control's %s", s, c)
              .isBetween(40.0, 65.0);
          assertThat(s.jitterMillis()).as("jitter of %s", s).isBetween(8.0, 25.0 + c.jitterMillis());
          assertThat(registry.get("microevent.link.loss").tag("plane", "edge-1").tag("slice", "embb").gauge()
              .value()).isEqualTo(s.lossRatio());
          assertThat(registry.get("microevent.link.jitter").gauge().value()).isEqualTo(s.jitterMillis() / 1000);
          assertThat(registry.get("microevent.link.rtt").timer().count()).isEqualTo(s.answered());
          assertThat(registry.get("microevent.link.probes").tag("result", "lost").counter().count())
              .isEqualTo((double) s.lost());
        } finally {
          probe.close();
          control.close();
        }
      }
    }
  }
}
