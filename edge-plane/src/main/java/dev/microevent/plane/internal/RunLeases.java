package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of a plane's runs in progress, and the sweep that finds the runs of planes that died.
 *
 * <p>A plane answers for a run from the moment an alert claims it (or an operator starts it) to the
 * moment its record is final, by a short lease in the venue's state store that it renews every
 * {@link #RENEW}. A plane killed mid-run stops renewing: within {@link #TTL} its lease lapses, and
 * at its next sweep (every {@link #RENEW}) a surviving plane of the venue records the run {@code
 * ABANDONED} ("plane &lt;id&gt; stopped mid-run"), marks the alert that started it so, and gives the
 * trigger's claim back so the next alert starts the runbook again.
 *
 * <p>The sweep leaves the document as the dead run left it: the steps it published stay, listed in
 * the run's record with their changes, and {@code plane playbook rollback <run>} undoes them (only
 * the members still as the run set them). Undoing them unasked would publish, without any check,
 * the document whose failure the runbook was started to mitigate, while the burn that started it
 * may still be on: that is the operator's call. Thread-safe.
 */
public final class RunLeases {
  private static final Logger log = LoggerFactory.getLogger(RunLeases.class);
  /** How long a run's lease holds unless renewed. */
  static final Duration TTL = Duration.ofSeconds(20);
  /** How often a plane renews its leases and sweeps for lapsed ones. */
  static final Duration RENEW = Duration.ofSeconds(5);
  /** How long one plane holds the sweep of a lapsed run (another plane takes it over after). */
  static final Duration SWEEP_HOLD = Duration.ofMinutes(1);
  /** The result of a run in progress. */
  static final String RUNNING = "RUNNING";

  private final StateStore store;
  private final String planeId;
  private final Clock clock;
  private final Ticker ticker;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private volatile long lastTickNanos;
  private volatile boolean ticked;

  /**
   * Creates the leases of one plane.
   *
   * @param store the venue's state store
   * @param planeId this plane, the holder of its leases
   * @param clock timestamps of the records it writes
   * @param ticker paces renewals and sweeps
   */
  public RunLeases(StateStore store, String planeId, Clock clock, Ticker ticker) {
    this.store = store;
    this.planeId = planeId;
    this.clock = clock;
    this.ticker = ticker;
  }

  /** {@return this plane's id} */
  String planeId() {
    return planeId;
  }

  /**
   * Takes the lease on a run for this plane.
   *
   * @param runId the run
   * @return false if another plane holds it
   * @throws StoreException if the store cannot be reached
   */
  boolean take(String runId) {
    if (!store.leaseRun(runId, planeId, TTL)) {
      return false;
    }
    held.add(runId);
    return true;
  }

  /**
   * Whether this plane holds the lease on a run.
   *
   * @param runId the run
   * @return true if taken and not ended
   */
  boolean holds(String runId) {
    return held.contains(runId);
  }

  /**
   * Ends this plane's lease on a run (its record is final); a store outage only lets it lapse, and a
   * sweep then finds the record final and ends it.
   *
   * @param runId the run
   */
  void end(String runId) {
    held.remove(runId);
    try {
      store.endRunLease(runId, planeId);
    } catch (StoreException e) {
      log.debug("lease of run {} not ended (it lapses): {}", runId, e.getMessage());
    }
  }

  /** Renews this plane's leases and sweeps lapsed ones, every {@link #RENEW} (call it often). */
  public void tick() {
    long now = ticker.read();
    if (ticked && now - lastTickNanos < RENEW.toNanos()) {
      return;
    }
    ticked = true;
    lastTickNanos = now;
    try {
      renew();
      sweep();
    } catch (RuntimeException e) { // the plane's ticker must survive a store outage or a bad record
      log.warn("run leases not renewed or swept this time: {}", e.toString());
    }
  }

  private void renew() {
    for (String runId : held) {
      if (!store.leaseRun(runId, planeId, TTL)) {
        log.error("run {}: its lease lapsed and another plane holds it now; its record will be this plane's when it "
            + "ends", runId);
      }
    }
  }

  /** Records every run whose lease lapsed (and that this plane does not hold) as abandoned. */
  void sweep() {
    for (Map.Entry<String, String> lapsed : store.lapsedRuns().entrySet()) {
      String runId = lapsed.getKey();
      if (held.contains(runId)) {
        continue; // this plane's own, late: the next renewal takes it again
      }
      String sweeping = "sweep by " + planeId;
      if (store.claim("sweep:" + runId, sweeping, SWEEP_HOLD).isPresent()) {
        continue;
      }
      try {
        abandon(runId, lapsed.getValue());
        store.endRunLease(runId, sweeping);
      } catch (RuntimeException e) { // one unreadable record must not keep the others unswept; tried again next time
        log.warn("run {}: its plane's lease lapsed but it could not be recorded abandoned: {}", runId, e.toString());
      } finally {
        store.release("sweep:" + runId, sweeping);
      }
    }
  }

  /** Records a run whose plane ({@code holder}) stopped renewing its lease, and frees its trigger. */
  private void abandon(String runId, String holder) {
    ObjectNode run = store.run(runId).map(b -> PlaneJson.readStored(b, "a stored playbook run")).orElse(null);
    if (run != null && !running(run)) {
      return; // its plane wrote the final record and stopped before it ended the lease
    }
    String alertId = run == null ? null : run.path("alert").asText(null);
    ObjectNode alert = alertId != null ? store.alert(alertId).orElse(null) : alertOf(runId);
    String reason;
    String now = clock.instant().toString();
    if (run != null) {
      int published = 0;
      for (JsonNode s : run.path("steps")) {
        published += s.has("sequence") ? 1 : 0;
      }
      String version = store.document(SignedDocument.CONFIG)
          .map(d -> PlaneJson.read(d.body(), "the config document").path("version").asText()).orElse("none");
      reason = "plane " + holder + " stopped mid-run; " + (published == 0 ? "no step was published"
          : published + " step(s) published are left as they are (the venue serves version " + version
              + "): 'plane playbook rollback " + runId + "' undoes them");
      run.put("result", PlaybookRunner.Result.ABANDONED.name()).put("error", reason).put("finishedAt", now).put("recordedBy", planeId);
      store.recordRun(runId, PlaneJson.write(run));
    } else {
      reason = "plane " + holder + " stopped before the run began; nothing was changed";
    }
    log.warn("run {}: {}", runId, reason);
    if (alert == null) {
      return;
    }
    String id = alert.path("id").asText();
    for (JsonNode i : alert.path("triggered")) {
      if (i instanceof ObjectNode item && runId.equals(item.path("runId").asText())) {
        item.put("state", Alerts.State.ABANDONED.name()).put("reason", reason);
        releaseClaim(alert, item, runId);
      }
    }
    store.recordAlert(id, alert);
  }

  /**
   * Gives back the trigger's claim that the alert took for the run: exactly the claim recorded with
   * it, whichever plane ran the run (an operator may have confirmed it on another plane than the
   * alert's). An alert recorded without it (by a plane of an earlier version) took it as {@code
   * <its plane> <alert> <run>} on one of its budget's severities.
   */
  private void releaseClaim(ObjectNode alert, ObjectNode item, String runId) {
    JsonNode claim = item.remove(Alerts.CLAIM);
    if (claim != null && claim.path("key").isTextual() && claim.path("holder").isTextual()) {
      store.release(claim.path("key").asText(), claim.path("holder").asText());
      return;
    }
    String holder = Alerts.claimHolder(alert.path("plane").asText(), alert.path("id").asText(), runId);
    for (Severity s : new Severity[] {Severity.TICKET, Severity.PAGE}) {
      store.release(Alerts.claimKey(item.path("playbook").asText(), alert.path("budget").asText(), s.name()), holder);
    }
  }

  /** The recent alert whose triggered runbook is this run, if any. */
  private @Nullable ObjectNode alertOf(String runId) {
    for (ObjectNode a : store.alerts(StateStore.RECENT_ALERTS)) {
      for (JsonNode i : a.path("triggered")) {
        if (runId.equals(i.path("runId").asText())) {
          return a;
        }
      }
    }
    return null;
  }

  /**
   * Whether a run's record says it is in progress.
   *
   * @param run the record
   * @return true if its result is {@link #RUNNING}
   */
  static boolean running(JsonNode run) {
    return RUNNING.equals(run.path("result").asText());
  }
}
