package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.budget.BudgetAlertListener;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.plane.internal.Playbook.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plane's alerts: the multi-window burn-rate alerts of the error budgets of the traffic it
 * forwards (its SDK client toward central keeps them, fed by every forwarded call), evaluated every
 * tick. Each alert is recorded in the venue's state store, so every plane of the venue lists it and
 * it outlives the plane that raised it.
 *
 * <p>A firing alert that a playbook names in its {@code triggers} starts that playbook (its
 * runbook), or leaves it awaiting an operator's confirmation when the trigger says {@code confirm}.
 * Each plane's budgets see only its own traffic, so two planes seeing one burn raise two alerts at
 * different instants with different burn rates: no identity of the alert itself is shared. What is
 * shared is the trigger: the start is a claim in the store on {@code playbook + budget + severity}
 * that holds for {@link #COOLDOWN}, so the venue starts a runbook once per trigger and cooldown
 * whichever plane alerts first, and a later alert records whose start it joined ({@code
 * DUPLICATE}). Alerts started runs as {@code alert <budget> <severity>}; a confirmed run is the
 * confirming operator's. Thread-safe.
 */
public final class Alerts implements BudgetAlertListener {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);
  /** Most alerts listed. */
  static final int RECENT = StateStore.RECENT_ALERTS;
  /**
   * How long a trigger's runbook start is claimed for the venue: one start per playbook, budget and
   * severity in this time (the PAGE rule's long window), however many planes alert.
   */
  static final Duration COOLDOWN = Duration.ofHours(1);
  /**
   * How long a confirmation is held while its run runs: a second confirmation in this time is
   * refused; one after it is taken only if the first run was never recorded (its plane died).
   */
  static final Duration CONFIRM_HOLD = Duration.ofMinutes(15);
  static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
  /**
   * The member of a triggered runbook that keeps the claim its alert took ({@code key}, {@code
   * holder}) while the claim is its own: stored, never listed.
   */
  static final String CLAIM = "claim";

  /** What became of the runbook an alert triggered, as listed. */
  enum State {
    /** This alert claimed the start and queued the run; its record appears when the run ends. */
    STARTED,
    /** The run this alert started (or an operator confirmed) is recorded in the runbook history. */
    RAN,
    /** This alert claimed the start; the run waits for an operator's confirmation on any plane. */
    AWAITING_CONFIRMATION,
    /** An earlier alert of the venue (named in {@code claimedBy}) started it within the cooldown. */
    DUPLICATE,
    /** The run could not start (the plane was stopping, or it refused the run: see {@code reason}). */
    NOT_STARTED,
    /**
     * The plane running it stopped before the run ended (its lease lapsed): a surviving plane
     * recorded it, gave the trigger back to the next alert, and left the document as the run left
     * it ({@code reason} says what was published and how to undo it).
     */
    ABANDONED
  }

  private final @Nullable ErrorBudgets budgets;
  private final Executor runbooks;
  private final StateStore store;
  private final String planeId;
  private final RunLeases leases;
  private volatile @Nullable PlaybookRunner runner;

  /**
   * Creates the alerts.
   *
   * @param budgets the forwarding client's error budgets, or null for a plane without central
   * @param runbooks where triggered playbooks run (never the scheduler that evaluates budgets)
   * @param store where the venue's alerts and the claims of their runbooks live
   * @param leases this plane's leases on the runs it answers for (they name the plane)
   */
  public Alerts(@Nullable ErrorBudgets budgets, Executor runbooks, StateStore store, RunLeases leases) {
    this.budgets = budgets;
    this.runbooks = runbooks;
    this.store = store;
    this.planeId = leases.planeId();
    this.leases = leases;
    if (budgets != null) {
      var unused = budgets.addListener(this);
    }
  }

  /**
   * Connects the runner whose playbooks the alerts trigger.
   *
   * @param runner the runner
   */
  public void runner(PlaybookRunner runner) {
    this.runner = runner;
  }

  /**
   * Evaluates the budgets now, and renews this plane's run leases and sweeps for runs whose plane
   * died (every {@link RunLeases#RENEW}); the plane's ticker calls it every second.
   */
  public void tick() {
    ErrorBudgets b = budgets;
    if (b != null) {
      b.evaluateNow();
    }
    leases.tick();
  }

  /**
   * A budget's level at the last evaluation.
   *
   * @param budget e.g. {@code payment}
   * @return its level; NONE if it is unknown
   */
  public Severity level(String budget) {
    ErrorBudgets b = budgets;
    return b == null ? Severity.NONE : b.levels().getOrDefault(budget, Severity.NONE);
  }

  @Override
  public void onAlert(BudgetAlert alert) {
    try {
      raise(alert);
    } catch (StoreException e) { // the evaluating thread must survive a store outage
      log.error("error budget {} alert {} -> {} not recorded and no runbook started: {}", alert.budget(), alert.from(),
          alert.to(), e.getMessage());
    }
  }

  /** A runbook this alert claimed and runs at once. */
  private record Start(PlaybookRunner runner, Playbook playbook, ObjectNode item, String runId, String claim,
      String holder) {}

  private void raise(BudgetAlert alert) {
    String id = PlaybookRunner.newId();
    ObjectNode recorded = PlaneJson.MAPPER.createObjectNode().put("id", id).put("plane", planeId)
        .put("budget", alert.budget()).put("from", alert.from().name()).put("to", alert.to().name())
        .put("firing", alert.firing()).put("burnRate1h", finite(alert.burnRate1h()))
        .put("burnRate6h", finite(alert.burnRate6h())).put("burnRate3d", finite(alert.burnRate3d()))
        .put("at", alert.at().toString());
    ArrayNode names = recorded.putArray("runbooks");
    ArrayNode triggered = recorded.putArray("triggered");
    List<Start> starts = new ArrayList<>();
    Map<String, String> taken = new LinkedHashMap<>();
    PlaybookRunner r = runner;
    try {
      if (alert.firing() && r != null) {
        for (Playbook p : r.playbooks()) {
          Trigger t = matching(p, alert);
          if (t == null) {
            continue;
          }
          names.add(p.name());
          String runId = PlaybookRunner.newId();
          String claim = claimKey(p.name(), t.budget(), t.severity());
          String holder = claimHolder(planeId, id, runId);
          ObjectNode item = triggered.addObject().put("playbook", p.name()).put("confirm", t.confirm());
          Optional<String> earlier = store.claim(claim, holder, COOLDOWN);
          if (earlier.isPresent()) {
            item.put("state", State.DUPLICATE.name()).set("claimedBy", claimant(earlier.get()));
          } else {
            taken.put(claim, holder);
            item.put("state", (t.confirm() ? State.AWAITING_CONFIRMATION : State.STARTED).name()).put("runId", runId);
            // Whichever plane runs it, and whoever gives the trigger back, releases exactly this claim.
            item.putObject(CLAIM).put("key", claim).put("holder", holder);
            if (!t.confirm()) {
              // Leased before the alert says STARTED: from then on a sweep finds the run if this plane dies.
              if (!leases.take(runId)) {
                throw new StoreException("run " + runId + " is leased by another plane", null);
              }
              starts.add(new Start(r, p, item, runId, claim, holder));
            }
          }
        }
      }
      // Recorded before any run starts: a plane killed from here on has lost neither the alert nor its claims.
      store.recordAlert(id, recorded);
    } catch (StoreException e) { // unrecorded, the alert starts nothing: its claims go back to the next alert
      starts.forEach(s -> leases.end(s.runId()));
      taken.forEach((claim, holder) -> {
        try {
          store.release(claim, holder);
        } catch (StoreException again) {
          log.debug("claim {} not given back (it lapses): {}", claim, again.getMessage());
        }
      });
      throw e;
    }
    log.info("error budget {} alert {} -> {} (burn 1h {}, 6h {}){}", alert.budget(), alert.from(), alert.to(),
        round(alert.burnRate1h()), round(alert.burnRate6h()), names.isEmpty() ? "" : "; runbooks " + triggered);
    String who = "alert " + alert.budget() + " " + alert.to();
    for (Start s : starts) {
      try {
        runbooks.execute(() -> runTriggered(s, who, id, recorded));
      } catch (RejectedExecutionException e) {
        log.warn("plane is stopping: runbook {} for {} not started", s.playbook().name(), who);
        notStarted(s, "the plane was stopping", id, recorded);
        leases.end(s.runId());
      }
    }
  }

  /**
   * The claim that starts a trigger's runbook once for the venue.
   *
   * @param playbook the playbook
   * @param budget the trigger's budget
   * @param severity the trigger's severity
   * @return e.g. {@code runbook:live-commerce:read:PAGE}
   */
  static String claimKey(String playbook, String budget, String severity) {
    return "runbook:" + playbook + ":" + budget + ":" + severity;
  }

  /** The playbook's most severe trigger that the alert crossed, if any. */
  private static @Nullable Trigger matching(Playbook p, BudgetAlert alert) {
    Trigger best = null;
    for (Trigger t : p.triggers()) {
      Severity s = Severity.valueOf(t.severity());
      if (t.budget().equals(alert.budget()) && alert.to().compareTo(s) >= 0 && alert.from().compareTo(s) < 0
          && (best == null || s.compareTo(Severity.valueOf(best.severity())) > 0)) {
        best = t;
      }
    }
    return best;
  }

  /** The holder of the trigger claim an alert takes for its run: {@code <plane> <alert> <run>} ({@link #claimant}). */
  static String claimHolder(String planeId, String alertId, String runId) {
    return planeId + " " + alertId + " " + runId;
  }

  /** A claim's holder ({@code <plane> <alert> <run>}) as listed; kept whole if it is not one of ours. */
  private static ObjectNode claimant(String holder) {
    String[] parts = holder.split(" ", -1);
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    if (parts.length == 3 && ID.matcher(parts[1]).matches() && ID.matcher(parts[2]).matches()) {
      return o.put("plane", parts[0]).put("alert", parts[1]).put("runId", parts[2]);
    }
    return o.put("holder", holder.length() > 200 ? holder.substring(0, 200) : holder);
  }

  private void runTriggered(Start s, String who, String alertId, ObjectNode recorded) {
    String name = s.playbook().name();
    try {
      s.runner().runNow(name, who, s.runId(), alertId);
    } catch (Problem e) {
      log.warn("runbook {} for {} did not run: {}", name, who, e.getMessage());
      notStarted(s, String.valueOf(e.getMessage()), alertId, recorded);
    } catch (RuntimeException e) { // the runbook thread must survive whatever a run does
      log.error("runbook {} for {} failed", name, who, e);
    } finally {
      leases.end(s.runId());
    }
  }

  /** Records that a claimed run never started, and gives the claim back for the next alert. */
  private void notStarted(Start s, String reason, String alertId, ObjectNode recorded) {
    try {
      synchronized (recorded) {
        s.item().put("state", State.NOT_STARTED.name()).put("reason", reason).remove(List.of("runId", CLAIM));
        store.recordAlert(alertId, recorded);
      }
      store.release(s.claim(), s.holder());
    } catch (StoreException e) {
      log.error("runbook {} of alert {}: could not record that it did not start: {}", s.playbook().name(), alertId,
          e.getMessage());
    }
  }

  private static double round(double d) {
    return Math.round(d * 10) / 10.0;
  }

  /**
   * {@code GET /admin/v1/alerts}: this plane's budget levels and the venue's recent alerts, newest
   * first, each with what became of the runbooks it triggered.
   *
   * @return the Alerts document
   */
  public Reply document() {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    ObjectNode levels = o.putObject("levels");
    ErrorBudgets b = budgets;
    if (b != null) {
      for (Map.Entry<String, Severity> e : new TreeMap<>(b.levels()).entrySet()) {
        levels.put(e.getKey(), e.getValue().name());
      }
    }
    ArrayNode a = o.putArray("recent");
    List<ObjectNode> items = new ArrayList<>();
    for (ObjectNode alert : store.alerts(RECENT)) {
      for (JsonNode item : alert.path("triggered")) {
        if (item instanceof ObjectNode i) {
          i.remove(CLAIM);
          items.add(i);
        }
      }
      a.add(alert);
    }
    outcomes(items);
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * Adds to each triggered runbook its recorded run (this alert's, or the one its duplicate joined),
   * read in one batch.
   */
  private void outcomes(List<ObjectNode> items) {
    List<String> ids = items.stream().map(Alerts::runIdOf).filter(id -> !id.isEmpty()).distinct().toList();
    Map<String, byte[]> runs = store.runs(ids);
    for (ObjectNode item : items) {
      String runId = runIdOf(item);
      byte[] run = runs.get(runId);
      if (run != null) {
        outcome(item, runId, run);
      }
    }
  }

  /** The run a triggered runbook names (its own, or the one its duplicate joined), or empty. */
  private static String runIdOf(JsonNode item) {
    String runId = item.path("runId").asText(item.path("claimedBy").path("runId").asText(""));
    return ID.matcher(runId).matches() ? runId : "";
  }

  /** Adds a triggered runbook's recorded run, and what the run says became of it. */
  private static void outcome(ObjectNode item, String runId, byte[] run) {
    ObjectNode r = PlaneJson.readStored(run, "a stored playbook run");
    if (RunLeases.running(r)) {
      return; // under way: listed once it ends (or is abandoned)
    }
    item.putObject("run").put("id", runId).put("result", r.path("result").asText())
        .put("who", r.path("who").asText()).put("finishedAt", r.path("finishedAt").asText());
    String state = item.path("state").asText();
    if (state.equals(State.DUPLICATE.name()) || state.equals(State.NOT_STARTED.name())) {
      return;
    }
    if (PlaybookRunner.Result.ABANDONED.name().equals(r.path("result").asText())) {
      item.put("state", State.ABANDONED.name()).put("reason", item.path("reason").asText(r.path("error").asText()));
    } else {
      // Also an ABANDONED one whose plane came back and finished it after all: its record is the truth.
      item.put("state", State.RAN.name()).remove("reason");
    }
  }

  /**
   * {@code POST /admin/v1/alerts/{id}/runbooks/{playbook}/confirm}: an operator confirms the
   * runbook an alert awaits, on whichever plane of the venue; it runs now, on this plane, once.
   *
   * @param alertId the alert
   * @param playbook the runbook it awaits
   * @param who the operator
   * @return the run's record
   * @throws Problem 404 no such alert or it did not trigger that playbook, 409 it does not await
   *     confirmation, was confirmed already or is being confirmed, or another run is in progress
   */
  public Reply confirm(String alertId, String playbook, String who) {
    String operator = PlaybookRunner.operator(who);
    PlaybookRunner r = runner;
    ObjectNode alert = (ID.matcher(alertId).matches() ? store.alert(alertId) : Optional.<ObjectNode>empty())
        .orElseThrow(() -> Problem.of(404, "no_alert", "no alert with that id; 'plane alerts' lists them"));
    ObjectNode item = null;
    for (JsonNode i : alert.path("triggered")) {
      if (i instanceof ObjectNode o && playbook.equals(o.path("playbook").asText())) {
        item = o;
      }
    }
    if (item == null || r == null) {
      throw Problem.of(404, "no_runbook", "alert " + alertId + " did not trigger the playbook '" + playbook + "'");
    }
    outcomes(List.of(item));
    String state = item.path("state").asText();
    if (state.equals(State.RAN.name())) {
      JsonNode run = item.path("run");
      throw Problem.of(409, "already_confirmed", "the runbook was confirmed by " + run.path("who").asText()
          + ": run " + run.path("id").asText() + " " + run.path("result").asText());
    }
    String runId = item.path("runId").asText("");
    if (!state.equals(State.AWAITING_CONFIRMATION.name()) || !ID.matcher(runId).matches()) {
      throw Problem.of(409, "not_awaiting", "the runbook " + playbook + " of alert " + alertId + " is " + state
          + "; only one awaiting confirmation can be confirmed");
    }
    String claim = "confirm:" + alertId + ":" + playbook;
    String holder = operator + " on " + planeId;
    Optional<String> other = store.claim(claim, holder, CONFIRM_HOLD);
    if (other.isPresent()) {
      throw Problem.of(409, "already_confirmed", "the runbook is being run, confirmed by " + other.get());
    }
    try {
      return Reply.json(200, PlaneJson.write(r.runNow(playbook, operator, runId, alertId)));
    } catch (RuntimeException e) { // refused or failed before its record: the confirmation can be given again
      store.release(claim, holder);
      throw e;
    }
  }

  private static double finite(double d) {
    return Double.isFinite(d) ? d : 0;
  }
}
