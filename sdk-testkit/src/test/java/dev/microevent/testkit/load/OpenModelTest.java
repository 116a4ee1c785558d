package dev.microevent.testkit.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.testkit.replay.TrafficRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The generator's open model without a network in the way: a target that never answers does not
 * slow the arrivals, latency counts from the intended start, and a replay keeps its schedule at
 * its speed factor.
 */
class OpenModelTest {

  @Test
  void everyArrivalIsSent_whileTheTargetHasAnsweredNothing() throws Exception {
    CountDownLatch stall = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    LoadGenerator generator = LoadGenerator.builder()
        .target((intent, request) -> {
          entered.incrementAndGet();
          stall.await(30, TimeUnit.SECONDS);
          answered.incrementAndGet();
        })
        .profile(LoadProfile.constant(200, Duration.ofSeconds(2)))
        .request(Intent.READ, EdgeRequest.get("/v1/catalog"))
        .build();

    CompletableFuture<LoadReport> run = CompletableFuture.supplyAsync(generator::run);
    try {
      // A closed-loop generator would stop at its concurrency; an open one sends all 400 on schedule.
      await().atMost(Duration.ofSeconds(20)).until(() -> entered.get() == 400);
      assertThat(answered).hasValue(0);
    } finally {
      stall.countDown();
    }
    LoadReport report = run.get(30, TimeUnit.SECONDS);

    assertThat(report.offered()).isEqualTo(400);
    assertThat(report.succeeded()).isEqualTo(400);
    assertThat(report.maxInFlight()).isEqualTo(400);
    assertThat(report.generatorLag().count()).as("the generator's lag, once per arrival").isEqualTo(400);
    // The first request waited for the whole stall, at least the two seconds of the schedule.
    assertThat(report.latency().max()).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void latencyCountsFromTheIntendedStart_whenOneWorkerCannotKeepUp() {
    // 50 arrivals 20 ms apart, one worker, 40 ms each: arrival k starts no sooner than k x 40 ms but
    // was due at k x 20 ms, so its latency is at least k x 20 ms + 40 ms, whatever the machine.
    LoadReport report = LoadGenerator.builder()
        .target((intent, request) -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40)))
        .profile(LoadProfile.constant(50, Duration.ofSeconds(1)))
        .request(Intent.READ, EdgeRequest.get("/v1/catalog"))
        .maxConcurrency(1)
        .build()
        .run();

    assertThat(report.offered()).isEqualTo(50);
    assertThat(report.maxInFlight()).isEqualTo(1);
    assertThat(report.latency().max()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(report.latency().p50()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(report.serviceTime().p50()).isGreaterThanOrEqualTo(Duration.ofMillis(39));
    assertThat(report.latency().p50()).isGreaterThan(report.serviceTime().p50());
    // Waiting for the one busy worker is the target's backlog, measured in the latency, not the
    // generator falling behind: it dispatched each arrival on time.
    assertThat(report.generatorLag().count()).isEqualTo(50);
    assertThat(report.generatorLag().p50()).isLessThan(report.latency().p50().dividedBy(4));
    assertThat(report.lateArrivals(Duration.ofMillis(400))).isLessThan(report.offered() / 2);
  }

  @Test
  void aReplayAtTenTimesSpeedSendsEachCallAtItsOffsetOverTen() {
    List<TrafficRecord> traffic = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      traffic.add(TrafficRecord.builder(Duration.ofMillis(500L * i), Intent.READ, "GET", "/t/" + i).build());
    }
    ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>();
    long[] origin = new long[1];
    LoadGenerator generator = LoadGenerator.builder()
        .target((intent, request) -> sent.add(new long[] {
            Long.parseLong(request.path().substring(3)), System.nanoTime() - origin[0]}))
        .replay(traffic, 10)
        .build();

    assertThat(generator.scheduledDuration()).isEqualTo(Duration.ofMillis(1001));
    origin[0] = System.nanoTime();
    LoadReport report = generator.run();
    long elapsed = System.nanoTime() - origin[0];

    assertThat(report.offered()).isEqualTo(21);
    assertThat(sent).hasSize(21);
    // Never early: call i is due 50 ms x i after the start (10 s of traffic in 1 s).
    for (long[] s : sent) {
      assertThat(s[1]).as("call %d", s[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50 * s[0]));
    }
    // ...and not at 1x either: 10 s of traffic took far less than 10 s.
    assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(6));
  }
}
