package dev.microevent.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.ReceivedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultScriptTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final FaultInjector edge = new FaultInjector("edge", time.clock(), new Random(1));

  private ReceivedRequest request(String path) {
    return new ReceivedRequest(1, "GET", path, Map.of(), new byte[0], time.now(), 1, "127.0.0.1", "");
  }

  @Test
  void stepsHappenExactlyWhenVirtualTimeReachesThem() {
    Fault burst = Fault.status(503);
    FaultScript script = FaultScript.builder()
        .during(Duration.ofSeconds(5), Duration.ofSeconds(8), edge, burst)
        .inject(Duration.ofSeconds(10), edge, Fault.latency(Duration.ofMillis(300)))
        .clear(Duration.ofSeconds(12), edge)
        .build();

    try (FaultScript.Run run = script.start(time.scheduler())) {
      time.advance(Duration.ofMillis(4999));
      assertThat(edge.active()).isEmpty();
      time.advance(Duration.ofMillis(1));
      assertThat(edge.active()).containsExactly(burst);
      assertThat(edge.decide(request("/x")).answer()).contains(burst);
      time.advance(Duration.ofSeconds(3));
      assertThat(edge.active()).isEmpty();
      time.advance(Duration.ofSeconds(2));
      assertThat(edge.decide(request("/x")).addedLatency()).isEqualTo(Duration.ofMillis(300));
      time.advance(Duration.ofSeconds(2));
      assertThat(edge.active()).isEmpty();
      assertThat(run.applied()).extracting(FaultScript.Step::description)
          .containsExactly("edge: status 503", "edge: end of status 503", "edge: latency fixed 300 ms",
              "edge: clear faults");
    }
  }

  @Test
  void closingARunCancelsThePendingSteps() {
    FaultScript script = FaultScript.builder().inject(Duration.ofSeconds(5), edge, Fault.reset()).build();

    script.start(time.scheduler()).close();
    time.advance(Duration.ofSeconds(10));

    assertThat(edge.active()).isEmpty();
  }

  @Test
  void latenciesAddUp_andTheFirstAnswerFaultWins() {
    edge.inject(Fault.latency(Duration.ofMillis(100)))
        .inject(Fault.status(502))
        .inject(Fault.latency(Duration.ofMillis(50)))
        .inject(Fault.reset());

    FaultDecision d = edge.decide(request("/x"));

    assertThat(d.addedLatency()).isEqualTo(Duration.ofMillis(150));
    assertThat(d.answer()).map(Fault::kind).contains(Fault.Kind.STATUS);
  }

  @Test
  void aLimitedFaultRetiresAfterItsCount_andPathFiltersApply() {
    edge.inject(Fault.reset().times(2).onPath("/v1/pay"));

    assertThat(edge.decide(request("/v1/catalog")).faulty()).isFalse();
    assertThat(edge.decide(request("/v1/pay")).faulty()).isTrue();
    assertThat(edge.decide(request("/v1/payments")).faulty()).isTrue();
    assertThat(edge.decide(request("/v1/pay")).faulty()).isFalse();
    assertThat(edge.active()).isEmpty();
    assertThat(edge.hits()).isEqualTo(2);
  }

  @Test
  void aFlappingFaultAppliesTheFilterAndProbabilityOfWhatItDoesWhileDown() {
    edge.inject(Fault.flapping(Duration.ofSeconds(1), Duration.ofSeconds(1), Fault.status(503).onPath("/v1/pay")));
    edge.inject(Fault.flapping(Duration.ofSeconds(1), Duration.ofSeconds(1), Fault.reset().withProbability(0)));

    time.advance(Duration.ofMillis(1500));

    assertThat(edge.decide(request("/v1/pay")).answer()).map(Fault::kind).contains(Fault.Kind.STATUS);
    assertThat(edge.decide(request("/v1/catalog")).faulty()).isFalse();
    assertThatThrownBy(() -> Fault.flapping(Duration.ofSeconds(1), Duration.ofSeconds(1), Fault.reset().times(2)))
        .hasMessageContaining("on the flapping fault");
  }

  @Test
  void latencyDistributionsStayWithinTheirShape() {
    Random random = new Random(3);
    LatencyDistribution uniform = LatencyDistribution.uniform(Duration.ofMillis(20), Duration.ofMillis(80));
    LatencyDistribution logNormal = LatencyDistribution.logNormal(Duration.ofMillis(30), Duration.ofMillis(400));
    long[] samples = new long[10_000];
    for (int i = 0; i < samples.length; i++) {
      Duration u = uniform.sample(random);
      assertThat(u).isBetween(Duration.ofMillis(20), Duration.ofMillis(80));
      samples[i] = logNormal.sample(random).toMillis();
    }
    java.util.Arrays.sort(samples);
    assertThat(samples[5_000]).isBetween(25L, 35L);
    assertThat(samples[9_900]).isBetween(300L, 530L);
    assertThat(LatencyDistribution.exponential(Duration.ofMillis(10)).sample(random).isNegative()).isFalse();
  }

  @Test
  void badFaultSettingsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> Fault.status(200)).hasMessageContaining("200");
    assertThatThrownBy(() -> Fault.status(503).withProbability(1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> Fault.slowBody(0, Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.flapping(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Fault.flapping(Duration.ofSeconds(1), Duration.ofSeconds(1), Fault.reset())))
        .hasMessageContaining("nest");
    assertThatThrownBy(() -> FaultScript.builder().during(Duration.ofSeconds(2), Duration.ofSeconds(1), edge,
        Fault.reset())).hasMessageContaining("after its start");
    assertThatThrownBy(() -> LatencyDistribution.logNormal(Duration.ofMillis(50), Duration.ofMillis(10)))
        .hasMessageContaining("below the median");
    assertThat(List.of(Fault.reset().toString(), Fault.status(503).withProbability(0.5).times(3).toString()))
        .containsExactly("reset", "status 503 p=0.5 x3");
  }
}
