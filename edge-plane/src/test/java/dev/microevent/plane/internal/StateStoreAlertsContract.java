package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} does with the venue's alerts and the claims that start their
 * runbooks once: {@link MemoryStoreTest} and {@link RedisStoreIT} run it.
 */
abstract class StateStoreAlertsContract {
  /** {@return the store under test, empty} */
  abstract StateStore store();

  /** Lets a claim made with {@code ttl} lapse (virtual time, or the store's own clock). */
  abstract void lapse(String key, Duration ttl);

  private static ObjectNode alert(String id, String budget) {
    return PlaneJson.MAPPER.createObjectNode().put("id", id).put("budget", budget);
  }

  @Test
  void alerts_areListedNewestFirst_theNewestHundredKept_andARecordedIdReplacedInPlace() {
    StateStore s = store();
    for (int i = 0; i < StateStore.RECENT_ALERTS + 5; i++) {
      s.recordAlert("a" + i, alert("a" + i, "read"));
    }
    s.recordAlert("a10", alert("a10", "payment"));
    List<ObjectNode> listed = s.alerts(1_000);
    assertThat(listed).hasSize(StateStore.RECENT_ALERTS);
    assertThat(listed.get(0).path("id").asText()).isEqualTo("a" + (StateStore.RECENT_ALERTS + 4));
    assertThat(listed.get(listed.size() - 1).path("id").asText()).isEqualTo("a5");
    assertThat(listed.get(listed.size() - 6).path("budget").asText()).as("replaced in place").isEqualTo("payment");
    assertThat(s.alert("a10")).map(a -> a.path("budget").asText()).contains("payment");
    assertThat(s.alert("a4")).as("the oldest are forgotten").isEmpty();
    assertThat(s.alerts(3)).hasSize(3);
    assertThat(s.alerts(0)).isEmpty();
    assertThat(s.alerts(-7)).isEmpty();
    assertThat(s.alert("no such alert \u0000 \uD83D\uDE00")).isEmpty();
  }

  @Test
  void aClaim_isTheFirstHoldersUntilItLapses_andALaterClaimantLearnsWhoHoldsIt() {
    StateStore s = store();
    Duration ttl = Duration.ofMillis(200);
    assertThat(s.claim("runbook:live-commerce:read:PAGE", "hub-a 1 2", ttl)).isEmpty();
    assertThat(s.claim("runbook:live-commerce:read:PAGE", "hub-b 3 4", Duration.ofHours(1))).contains("hub-a 1 2");
    assertThat(s.claim("runbook:live-commerce:payment:PAGE", "hub-b 3 4", Duration.ofHours(1)))
        .as("another trigger is another claim").isEmpty();
    lapse("runbook:live-commerce:read:PAGE", ttl);
    assertThat(s.claim("runbook:live-commerce:read:PAGE", "hub-b 5 6", Duration.ofHours(1))).isEmpty();
    assertThat(s.claim("runbook:live-commerce:read:PAGE", "hub-a 7 8", Duration.ofHours(1))).contains("hub-b 5 6");
  }

  @Test
  void release_givesBackOnlyTheHoldersOwnClaim() {
    StateStore s = store();
    assertThat(s.claim("confirm:x:p", "ops-anna on hub-a", Duration.ofHours(1))).isEmpty();
    s.release("confirm:x:p", "ops-ben on hub-b");
    assertThat(s.claim("confirm:x:p", "ops-ben on hub-b", Duration.ofHours(1))).contains("ops-anna on hub-a");
    s.release("confirm:x:p", "ops-anna on hub-a");
    s.release("confirm:never-claimed", "anyone");
    assertThat(s.claim("confirm:x:p", "ops-ben on hub-b", Duration.ofHours(1))).isEmpty();
  }

  @Test
  void claimsOfAnyLength_fromNoneToCenturies_holdAtLeastAMillisecond_withoutAnError() {
    StateStore s = store();
    assertThat(s.claim("zero", "a", Duration.ZERO)).isEmpty();
    assertThat(s.claim("negative", "a", Duration.ofSeconds(-5))).isEmpty();
    assertThat(s.claim("forever", "a", Duration.ofSeconds(Long.MAX_VALUE))).isEmpty();
    assertThat(s.claim("forever", "b", Duration.ofSeconds(1))).contains("a");
    assertThat(StateStore.claimMillis(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(StateStore.LONGEST_CLAIM.toMillis());
    assertThat(StateStore.claimMillis(Duration.ofSeconds(-5))).isEqualTo(1);
  }

  @Test
  void claimantsRacingForOneRunbook_haveExactlyOneWinner() throws Exception {
    StateStore s = store();
    int racers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Optional<String>>> results = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        String holder = "hub-" + i;
        Callable<Optional<String>> claim = () -> {
          go.await();
          return s.claim("runbook:sports-microhub:gate_scan:PAGE", holder, Duration.ofHours(1));
        };
        results.add(pool.submit(claim));
      }
      go.countDown();
      List<Optional<String>> outcomes = new ArrayList<>();
      for (Future<Optional<String>> f : results) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).filteredOn(Optional::isEmpty).hasSize(1);
      assertThat(outcomes.stream().flatMap(Optional::stream).distinct().toList()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRunsLease_isItsHoldersUntilItLapses_thenListedAsLapsed_untilItIsEnded() {
    StateStore s = store();
    Duration ttl = Duration.ofSeconds(2); // long enough to hold through the first checks on a busy machine
    assertThat(s.leaseRun("r1", "hub-a", ttl)).isTrue();
    assertThat(s.leaseRun("r1", "hub-b", Duration.ofHours(1))).as("held by another").isFalse();
    assertThat(s.leaseRun("r2", "hub-b", Duration.ofHours(1))).isTrue();
    assertThat(s.lapsedRuns()).isEmpty();
    s.endRunLease("r2", "hub-a");
    assertThat(s.leaseRun("r2", "hub-a", Duration.ofHours(1))).as("another's lease is not ended").isFalse();

    lapse("run:r1", ttl);
    assertThat(s.lapsedRuns()).containsExactly(java.util.Map.entry("r1", "hub-a"));
    assertThat(s.leaseRun("r1", "hub-a", Duration.ofHours(1))).as("its plane, back in time, takes it again").isTrue();
    assertThat(s.lapsedRuns()).isEmpty();
    assertThat(s.leaseRun("r1", "hub-a", ttl)).as("renewed").isTrue();

    lapse("run:r1", ttl);
    s.endRunLease("r1", "sweep by hub-b");
    assertThat(s.lapsedRuns()).as("a lapsed lease is ended by whoever recorded its run").isEmpty();
    s.endRunLease("r2", "hub-b");
    assertThat(s.leaseRun("r2", "hub-a", Duration.ofHours(1))).isTrue();
  }
}
