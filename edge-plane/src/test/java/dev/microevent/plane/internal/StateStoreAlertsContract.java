package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

  /** {@return the time of the planes' clocks and tickers (the memory store's claims lapse on it too)} */
  abstract VirtualTime time();

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
  void runsById_areReadInOneBatch_leavingOutThoseNotKept() {
    StateStore s = store();
    s.recordRun("r1", "{\"id\":\"r1\"}".getBytes(StandardCharsets.UTF_8));
    s.recordRun("r2", "{\"id\":\"r2\"}".getBytes(StandardCharsets.UTF_8));
    java.util.Map<String, byte[]> runs = s.runs(List.of("r2", "no such run \u0000", "r1", "r2"));
    assertThat(runs).containsOnlyKeys("r1", "r2");
    assertThat(new String(runs.get("r1"), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"r1\"}");
    assertThat(s.runs(List.of())).isEmpty();
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

  @Test
  void atTheLeasedRunsCap_aNewLeaseIsRefused_whileEveryLeaseHeldIsRenewedAsBefore() {
    StateStore s = store();
    for (int i = 0; i < StateStore.MAX_LEASED_RUNS; i++) {
      assertThat(s.leaseRun("r" + i, "hub-a", Duration.ofHours(1))).isTrue();
    }
    assertThatThrownBy(() -> s.leaseRun("one-more", "hub-b", Duration.ofHours(1))).isInstanceOf(StoreException.class);
    assertThat(s.leaseRun("r0", "hub-a", Duration.ofHours(1))).as("renewed at the cap").isTrue();
    assertThat(s.leaseRun("r0", "hub-b", Duration.ofHours(1))).as("and still hub-a's").isFalse();
    assertThat(s.lapsedRuns()).isEmpty();
    s.endRunLease("r0", "hub-a");
    assertThat(s.leaseRun("one-more", "hub-b", Duration.ofHours(1))).isTrue();
  }

  /** A runbook that asks an operator, then holds its run in its check while the read budget burns. */
  private static final String CONFIRMED_RUNBOOK = """
      name: gates-hold
      description: asks an operator, then waits for the read budget to calm down
      triggers:
        - { budget: read, severity: PAGE, confirm: true }
      steps:
        - name: live-drop-flag
          action: { type: flag, name: live-drop, value: true }
          check: { type: budget, budget: read, below: TICKET, within: 10m }
      """;

  /** One plane of the venue on the shared store: its service, leases, runner and alerts. */
  private final class Plane {
    final RunLeases leases;
    final Alerts alerts;

    Plane(StateStore s, String id, KeyPair key, ScheduledExecutorService poller, AtomicReference<Severity> read) {
      VirtualTime t = time();
      PlaneService service = new PlaneService(id, "http://127.0.0.1:9", s,
          Signer.of(key.getPrivate(), Ed25519.raw(key.getPublic())), k -> { }, t.clock(), 16, null, null);
      service.bootstrap("{\"version\":\"embedded-1\"}".getBytes(StandardCharsets.UTF_8));
      leases = new RunLeases(s, id, t.clock(), t.ticker());
      alerts = new Alerts(null, job -> { }, s, leases);
      alerts.runner(new PlaybookRunner(service, s, leases, t.clock(), t.ticker(), poller, budget -> read.get(),
          List.of(Playbook.parse(CONFIRMED_RUNBOOK.getBytes(StandardCharsets.UTF_8), "gates-hold.yaml"))));
    }
  }

  private JsonNode triggered(StateStore s, String alertId) {
    return s.alert(alertId).orElseThrow().path("triggered").get(0);
  }

  @Test
  void aRunbookConfirmedOnAnotherPlaneThanTheAlerts_whosePlaneDiesMidRun_isAbandoned_andTheNextAlertStartsItAgain()
      throws Exception {
    StateStore s = store();
    KeyPair key = Ed25519.generate();
    AtomicReference<Severity> readOnB = new AtomicReference<>(Severity.PAGE);
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    ExecutorService operator = Executors.newSingleThreadExecutor();
    try {
      Plane a = new Plane(s, "hub-a", key, poller, new AtomicReference<>(Severity.PAGE));
      Plane b = new Plane(s, "hub-b", key, poller, readOnB);
      a.alerts.onAlert(new BudgetAlert("read", Severity.NONE, Severity.PAGE, 20, 10, 1, time().now()));
      String alertId = s.alerts(1).get(0).path("id").asText();
      assertThat(triggered(s, alertId).path("state").asText()).isEqualTo("AWAITING_CONFIRMATION");
      String runId = triggered(s, alertId).path("runId").asText();

      // Confirmed on hub-b: its run publishes its step, then waits in the step's check.
      Future<Reply> confirmed = operator.submit(() -> b.alerts.confirm(alertId, "gates-hold", "ops-dana"));
      await().atMost(Duration.ofSeconds(30)).until(() -> s.run(runId)
          .map(r -> PlaneJson.read(r, "run").path("steps").path(0).has("sequence")).orElse(false));
      a.leases.tick();
      b.leases.tick();

      // hub-b is dead from here: it never ticks again, and its lease lapses.
      lapse("run:" + runId, RunLeases.TTL);
      time().advance(RunLeases.RENEW);
      a.leases.tick();
      JsonNode abandoned = triggered(s, alertId);
      assertThat(abandoned.path("state").asText()).isEqualTo("ABANDONED");
      assertThat(abandoned.path("reason").asText()).contains("plane hub-b stopped mid-run");
      assertThat(PlaneJson.read(s.run(runId).orElseThrow(), "run").path("result").asText()).isEqualTo("ABANDONED");

      a.alerts.onAlert(new BudgetAlert("read", Severity.NONE, Severity.PAGE, 20, 10, 1, time().now()));
      String next = s.alerts(1).get(0).path("id").asText();
      assertThat(next).isNotEqualTo(alertId);
      assertThat(triggered(s, next).path("state").asText())
          .as("the trigger went back: the next alert claims the runbook again, not joins the dead run: %s",
              triggered(s, next)).isEqualTo("AWAITING_CONFIRMATION");

      readOnB.set(Severity.NONE); // lets hub-b's stuck run thread end, so the test leaves nothing behind
      confirmed.get(30, TimeUnit.SECONDS);
    } finally {
      operator.shutdownNow();
      poller.shutdownNow();
    }
  }
}
