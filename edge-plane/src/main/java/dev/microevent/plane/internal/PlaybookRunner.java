package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.Ticker;
import dev.microevent.plane.internal.Playbook.Change;
import dev.microevent.plane.internal.Playbook.Check;
import dev.microevent.plane.internal.Playbook.Step;
import dev.microevent.plane.internal.Records.PlaneBeat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans, runs and rolls back playbooks on the venue's config document, and keeps the runbook
 * history (who ran what, when, what changed, how it ended) in the plane's state store. Each step
 * publishes one signed document and waits for its check; when a check fails (or a publication is
 * refused), every change of the run so far is undone in one publication and the run ends {@code
 * ROLLED_BACK}. One run at a time per plane. A run in progress is recorded {@code RUNNING} (with
 * every step it published) and leased to its plane ({@link RunLeases}), so if the plane dies a
 * surviving plane of the venue records it {@code ABANDONED}. Thread-safe.
 */
public final class PlaybookRunner {
  private static final Logger log = LoggerFactory.getLogger(PlaybookRunner.class);
  private static final Pattern WHO = Pattern.compile("[ -~]{1,64}");
  private static final Duration POLL = Duration.ofMillis(100);

  /** How a run ended. */
  public enum Result {
    /** Every step took hold. */
    APPLIED,
    /** A step failed; everything the run changed was undone. */
    ROLLED_BACK,
    /** A step failed and undoing it failed too: the document is as the last publication left it. */
    FAILED,
    /**
     * Its plane stopped mid-run (recorded by a surviving plane when its lease lapsed): the steps it
     * published are left as they are, and can be rolled back like an applied run's.
     */
    ABANDONED
  }

  private final PlaneService service;
  private final StateStore store;
  private final RunLeases leases;
  private final Clock clock;
  private final Ticker ticker;
  private final ScheduledExecutorService poller;
  private final Function<String, Severity> budgetLevel;
  private final Map<String, Playbook> playbooks;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ReentrantLock running = new ReentrantLock();

  /**
   * Creates a runner.
   *
   * @param service the plane whose document the steps change
   * @param store where the history is kept
   * @param leases the plane's leases on its runs in progress
   * @param clock timestamps of the history
   * @param ticker times the steps ({@code tookMs})
   * @param poller runs the checks' polls (the runner's own; closing it is the caller's job)
   * @param budgetLevel the alert level of one of the plane's error budgets, for {@code budget} checks
   * @param playbooks the playbooks the plane knows, presets and files
   */
  public PlaybookRunner(PlaneService service, StateStore store, RunLeases leases, Clock clock, Ticker ticker,
      ScheduledExecutorService poller, Function<String, Severity> budgetLevel, Collection<Playbook> playbooks) {
    this.service = service;
    this.store = store;
    this.leases = leases;
    this.clock = clock;
    this.ticker = ticker;
    this.poller = poller;
    this.budgetLevel = budgetLevel;
    Map<String, Playbook> byName = new LinkedHashMap<>();
    playbooks.forEach(p -> byName.put(p.name(), p));
    this.playbooks = Map.copyOf(byName);
  }

  /** {@return the playbooks the plane knows} */
  public Collection<Playbook> playbooks() {
    return playbooks.values();
  }

  private Playbook named(String name) {
    Playbook p = playbooks.get(name);
    if (p == null) {
      throw Problem.of(404, "no_playbook", "this plane knows no playbook '" + name + "'; 'plane playbook list' shows them");
    }
    return p;
  }

  /**
   * {@code GET /admin/v1/playbooks}.
   *
   * @return the playbooks, their steps and triggers
   */
  public Reply list() {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("playbooks");
    for (Playbook p : playbooks.values()) {
      ObjectNode n = a.addObject().put("name", p.name()).put("description", p.description()).put("source", p.source());
      ArrayNode steps = n.putArray("steps");
      p.steps().forEach(s -> steps.addObject().put("name", s.name()).put("action", s.action().summary())
          .put("check", s.check().type()));
      ArrayNode triggers = n.putArray("triggers");
      p.triggers().forEach(t -> triggers.addObject().put("budget", t.budget()).put("severity", t.severity())
          .put("confirm", t.confirm()));
    }
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * {@code GET /admin/v1/playbooks/{name}/plan}: what a run would change in the document served
   * now, every intermediate document validated; nothing is published.
   *
   * @param name the playbook
   * @return the plan
   * @throws Problem 404 if unknown, 422 if a step would make an invalid document
   */
  public Reply plan(String name) {
    Playbook p = named(name);
    SignedDocument base = current();
    ObjectNode doc = object(base.body());
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("playbook", p.name())
        .put("basedOnVersion", doc.path("version").asText()).put("basedOnSequence", base.sequence());
    ArrayNode steps = o.putArray("steps");
    String id = "plan";
    for (int i = 0; i < p.steps().size(); i++) {
      Step s = p.steps().get(i);
      List<Change> changes = s.action().changes(doc);
      changes.forEach(c -> c.applyTo(doc));
      doc.put("version", version(p, id, i + 1));
      try {
        service.validate(PlaneJson.write(doc));
      } catch (Problem e) {
        throw new Problem(422, "invalid_step", "step '" + s.name() + "' of " + p.name() + " would make an invalid "
            + "document; nothing was published", e.problems(), null);
      }
      ObjectNode step = steps.addObject().put("name", s.name()).put("action", s.action().summary())
          .put("check", describe(s.check()));
      write(step.putArray("changes"), changes);
    }
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * {@code POST /admin/v1/playbooks/{name}/runs}: runs a playbook now.
   *
   * @param name the playbook
   * @param who the operator, or {@code alert <budget> <severity>}
   * @return the run's record
   * @throws Problem 404 unknown, 409 another run is in progress, 422 a step makes an invalid
   *     document (nothing published)
   */
  public Reply run(String name, String who) {
    return Reply.json(200, PlaneJson.write(runNow(name, who, newId(), null)));
  }

  /**
   * Runs a playbook now.
   *
   * @param name the playbook
   * @param who who asked: the operator who confirmed, or {@code alert <budget> <severity>}
   * @param id the run's id (the alert named it when it was raised, so its record finds the run)
   * @param alert the alert whose runbook it is, or null for a run an operator started
   * @return the run's record
   */
  ObjectNode runNow(String name, String who, String id, @Nullable String alert) {
    Playbook p = named(name);
    String operator = operator(who);
    if (!running.tryLock()) {
      throw Problem.of(409, "run_in_progress", "a playbook run is in progress on this plane; wait for it");
    }
    boolean leased = false; // an alert's run is leased from its alert on; an operator's from here
    try {
      if (!leases.holds(id)) {
        if (!leases.take(id)) {
          throw Problem.of(409, "run_in_progress", "run " + id + " is in progress on another plane");
        }
        leased = true;
      }
      plan(name); // refuses an invalid playbook before anything is published
      SignedDocument base = current();
      ObjectNode record = PlaneJson.MAPPER.createObjectNode().put("id", id).put("kind", "run")
          .put("playbook", p.name()).put("who", operator).put("startedAt", clock.instant().toString())
          .put("versionBefore", object(base.body()).path("version").asText()).put("sequenceBefore", base.sequence());
      if (alert != null) {
        record.put("alert", alert);
      }
      record.put("plane", leases.planeId()).put("result", RunLeases.RUNNING).put("sequenceAfter", base.sequence());
      ArrayNode stepsOut = record.putArray("steps");
      // Recorded before the first publication, and again after each: a plane killed mid-run leaves
      // a record of what it published for the sweep that finds it.
      store.recordRun(id, PlaneJson.write(record));
      List<Change> done = new ArrayList<>();
      String failure = null;
      long sequence = base.sequence();
      for (int i = 0; i < p.steps().size() && failure == null; i++) {
        Step s = p.steps().get(i);
        ObjectNode stepOut = stepsOut.addObject().put("name", s.name()).put("action", s.action().summary());
        long t0 = ticker.read();
        try {
          ObjectNode doc = object(current().body());
          List<Change> changes = new ArrayList<>(s.action().changes(doc));
          changes.add(new Change(List.of("version"), doc.get("version"),
              PlaneJson.MAPPER.getNodeFactory().textNode(version(p, id, i + 1))));
          changes.forEach(c -> c.applyTo(doc));
          PlaneService.Published published = service.publish(PlaneJson.write(doc), null);
          done.addAll(changes);
          write(stepOut.putArray("changes"), changes);
          sequence = published.document().sequence();
          stepOut.put("sequence", sequence).put("publishedAt", clock.instant().toString());
          stepOut.put("tookMs", TimeUnit.NANOSECONDS.toMillis(ticker.read() - t0)); // so far; final below
          record.put("sequenceAfter", sequence);
          progress(id, record);
          String missed = check(s.check(), sequence);
          stepOut.putObject("check").put("type", s.check().type()).put("passed", missed == null)
              .put("detail", missed == null ? describe(s.check()) : missed);
          if (missed != null) {
            failure = "step '" + s.name() + "' failed its check: " + missed;
          }
        } catch (Problem e) {
          failure = "step '" + s.name() + "' was refused: " + e.getMessage() + (e.problems().isEmpty() ? ""
              : " " + e.problems());
          stepOut.putObject("check").put("type", s.check().type()).put("passed", false).put("detail", failure);
        } catch (StoreException e) {
          failure = "step '" + s.name() + "' could not reach the state store: " + e.getMessage();
          stepOut.putObject("check").put("type", s.check().type()).put("passed", false).put("detail", failure);
        }
        stepOut.put("tookMs", TimeUnit.NANOSECONDS.toMillis(ticker.read() - t0));
      }
      Result result = Result.APPLIED;
      if (failure != null) {
        record.put("error", failure);
        result = undo(done, record) ? Result.ROLLED_BACK : Result.FAILED;
        sequence = record.path("sequenceAfter").asLong(sequence);
      }
      record.put("result", result.name()).put("sequenceAfter", sequence).put("finishedAt", clock.instant().toString());
      store.recordRun(id, PlaneJson.write(record));
      log.info("playbook {} run {} by {}: {}{}", p.name(), id, operator, result, failure == null ? "" : " (" + failure + ")");
      return record;
    } finally {
      if (leased) {
        leases.end(id);
      }
      running.unlock();
    }
  }

  /** Records a run's progress; a store hiccup only leaves the record a step behind until the next. */
  private void progress(String id, ObjectNode record) {
    try {
      store.recordRun(id, PlaneJson.write(record));
    } catch (StoreException e) {
      log.warn("run {}: progress not recorded: {}", id, e.getMessage());
    }
  }

  /** Undoes a failed run's changes in one publication; records what it did. */
  private boolean undo(List<Change> done, ObjectNode record) {
    if (done.isEmpty()) {
      return true;
    }
    try {
      ObjectNode doc = object(current().body());
      List<Change> inverse = new ArrayList<>();
      for (int i = done.size() - 1; i >= 0; i--) {
        inverse.add(done.get(i).inverse());
      }
      inverse.forEach(c -> c.applyTo(doc));
      PlaneService.Published published = service.publish(PlaneJson.write(doc), null);
      ObjectNode rb = record.putObject("rollback").put("sequence", published.document().sequence());
      write(rb.putArray("changes"), inverse);
      record.put("sequenceAfter", published.document().sequence());
      return true;
    } catch (Problem | StoreException e) {
      record.putObject("rollback").put("error", e.getMessage());
      log.error("playbook rollback failed: {}", e.getMessage());
      return false;
    }
  }

  /**
   * {@code POST /admin/v1/runs/{id}/rollback}: undoes what a finished run changed, if nothing
   * changed those members since (else 409 naming them).
   *
   * @param id the run
   * @param who the operator
   * @return the rollback's record
   */
  public Reply rollback(String id, String who) {
    String operator = operator(who);
    JsonNode run = store.run(id).map(b -> PlaneJson.read(b, "a stored run"))
        .orElseThrow(() -> Problem.of(404, "no_run", "no playbook run with that id; 'plane runbook history' lists them"));
    String result = run.path("result").asText();
    if (!"run".equals(run.path("kind").asText())
        || !(Result.APPLIED.name().equals(result) || Result.ABANDONED.name().equals(result))) {
      throw Problem.of(409, "not_applied", "only an APPLIED or ABANDONED run can be rolled back; this one is "
          + run.path("kind").asText() + " " + run.path("result").asText());
    }
    for (byte[] b : store.runs(StateStore.RECENT_RUNS)) {
      if (id.equals(PlaneJson.read(b, "a stored run").path("rollbackOf").asText(null))) {
        throw Problem.of(409, "already_rolled_back", "run " + id + " was rolled back already");
      }
    }
    if (!running.tryLock()) {
      throw Problem.of(409, "run_in_progress", "a playbook run is in progress on this plane; wait for it");
    }
    try {
      List<Change> applied = new ArrayList<>();
      for (JsonNode step : run.path("steps")) {
        for (JsonNode c : step.path("changes")) {
          applied.add(read(c));
        }
      }
      SignedDocument base = current();
      ObjectNode doc = object(base.body());
      List<String> conflicts = new ArrayList<>();
      List<Change> inverse = new ArrayList<>();
      String lastVersion = null;
      for (int i = applied.size() - 1; i >= 0; i--) {
        Change c = applied.get(i);
        if (c.path().equals(List.of("version"))) {
          lastVersion = lastVersion == null && c.after() != null ? c.after().asText() : lastVersion;
          continue;
        }
        // Undone in reverse, each against the document as the later undos left it.
        if (!java.util.Objects.equals(Playbook.at(doc, c.path()), c.after())) {
          conflicts.add(c.pointer() + " changed since the run");
        } else {
          inverse.add(c.inverse());
          c.inverse().applyTo(doc);
        }
      }
      if (!conflicts.isEmpty()) {
        throw new Problem(409, "changed_since", "members the run set were changed since; push the document you want "
            + "with 'plane config push'", conflicts, null);
      }
      String rid = newId();
      JsonNode versionNow = doc.get("version");
      String restored = versionNow != null && versionNow.asText().equals(lastVersion)
          ? run.path("versionBefore").asText() : "rb-" + rid;
      Change version = new Change(List.of("version"), versionNow, PlaneJson.MAPPER.getNodeFactory().textNode(restored));
      inverse.add(version);
      version.applyTo(doc);
      ObjectNode record = PlaneJson.MAPPER.createObjectNode().put("id", rid).put("kind", "rollback")
          .put("rollbackOf", id).put("playbook", run.path("playbook").asText()).put("who", operator)
          .put("startedAt", clock.instant().toString()).put("versionBefore", versionNow == null ? "" : versionNow.asText())
          .put("sequenceBefore", base.sequence());
      ObjectNode step = record.putArray("steps").addObject().put("name", "rollback").put("action", "restore " + id);
      write(step.putArray("changes"), inverse);
      long t0 = ticker.read();
      PlaneService.Published published = service.publish(PlaneJson.write(doc), base.etag());
      String missed = check(Check.PLANES_SERVING, published.document().sequence());
      step.putObject("check").put("type", Check.PLANES_SERVING.type()).put("passed", missed == null)
          .put("detail", missed == null ? describe(Check.PLANES_SERVING) : missed);
      step.put("sequence", published.document().sequence())
          .put("tookMs", TimeUnit.NANOSECONDS.toMillis(ticker.read() - t0));
      record.put("result", missed == null ? Result.APPLIED.name() : Result.FAILED.name())
          .put("sequenceAfter", published.document().sequence()).put("finishedAt", clock.instant().toString());
      store.recordRun(rid, PlaneJson.write(record));
      log.info("playbook run {} rolled back as {} by {}", id, rid, operator);
      return Reply.json(200, PlaneJson.write(record));
    } finally {
      running.unlock();
    }
  }

  /**
   * {@code GET /admin/v1/runs}: the runbook history, newest first.
   *
   * @param limit at most this many
   * @return the runs
   */
  public Reply history(int limit) {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    ArrayNode a = o.putArray("runs");
    store.runs(limit).forEach(b -> a.add(PlaneJson.read(b, "a stored run")));
    return Reply.json(200, PlaneJson.write(o));
  }

  /** Whether a check holds after publishing {@code sequence}; null if it does, else what is missing. */
  private @Nullable String check(Check c, long sequence) {
    AtomicReference<String> last = new AtomicReference<>("not checked yet");
    BooleanSupplier test = switch (c.type()) {
      case "none" -> () -> true;
      case "planes-serving" -> () -> {
        long now = clock.millis();
        List<String> behind = new ArrayList<>();
        for (PlaneBeat p : store.planes()) {
          if (now - p.lastSeenMillis() <= PlaneService.STALE_AFTER_MILLIS && p.configSequence() < sequence) {
            behind.add(p.planeId() + " serves sequence " + p.configSequence());
          }
        }
        last.set(behind.isEmpty() ? "" : "planes behind sequence " + sequence + ": " + String.join(", ", behind));
        return behind.isEmpty();
      };
      case "http" -> () -> {
        int status = get(String.valueOf(c.target()), c.within());
        boolean ok = c.status() == 0 ? status >= 200 && status < 300 : status == c.status();
        last.set("GET " + c.target() + " through the plane answered " + (status < 0 ? "nothing" : status)
            + ", expected " + (c.status() == 0 ? "2xx" : c.status()));
        return ok;
      };
      case "budget" -> () -> {
        Severity level = budgetLevel.apply(String.valueOf(c.target()));
        last.set("the " + c.target() + " error budget is at " + level + ", expected below " + c.severity());
        return level.compareTo(Severity.valueOf(String.valueOf(c.severity()))) < 0;
      };
      default -> throw new IllegalStateException("unknown check " + c.type());
    };
    return poll(c.within(), test) ? null : last.get() + " (waited " + c.within().toMillis() + " ms)";
  }

  private int get(String path, Duration timeout) {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create(service.uri() + path)).timeout(timeout).GET().build();
      return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | IllegalArgumentException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Polls a test on the runner's poller until it holds or {@code within} passes. */
  private boolean poll(Duration within, BooleanSupplier test) {
    CompletableFuture<Boolean> held = new CompletableFuture<>();
    ScheduledFuture<?> task = poller.scheduleWithFixedDelay(() -> {
      try {
        if (test.getAsBoolean()) {
          held.complete(true);
        }
      } catch (RuntimeException e) { // a store hiccup: the next poll tries again
        log.debug("playbook check failed once: {}", e.toString());
      }
    }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return held.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      task.cancel(false);
    }
  }

  private SignedDocument current() {
    Optional<SignedDocument> d = service.currentSigned();
    return d.orElseThrow(() -> Problem.of(409, "no_config", "the venue has no config document yet"));
  }

  private static ObjectNode object(byte[] body) {
    return (ObjectNode) PlaneJson.read(body, "the config document");
  }

  private static String version(Playbook p, String runId, int step) {
    return "pb-" + p.name() + "-" + runId + "-" + step;
  }

  /** {@return a new run's id: 12 lower-case hex digits} */
  static String newId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
  }

  /**
   * Checks an operator's name.
   *
   * @param who as given
   * @return it
   * @throws Problem 400 if it is not 1 to 64 printable ASCII characters
   */
  static String operator(String who) {
    if (!WHO.matcher(who).matches()) {
      throw Problem.badRequest("invalid_operator", "the operator is 1 to 64 printable ASCII characters");
    }
    return who;
  }

  private static String describe(Check c) {
    return switch (c.type()) {
      case "planes-serving" -> "every live plane of the venue serves it within " + c.within().toMillis() + " ms";
      case "http" -> "GET " + c.target() + " through the plane answers " + (c.status() == 0 ? "2xx" : c.status())
          + " within " + c.within().toMillis() + " ms";
      case "budget" -> "the " + c.target() + " error budget is below " + c.severity() + " within "
          + c.within().toMillis() + " ms";
      default -> "none";
    };
  }

  private static void write(ArrayNode out, List<Change> changes) {
    for (Change c : changes) {
      ObjectNode n = out.addObject().put("path", c.pointer());
      if (c.before() != null) {
        n.set("before", c.before());
      }
      if (c.after() != null) {
        n.set("after", c.after());
      }
    }
  }

  private static Change read(JsonNode n) {
    String pointer = n.path("path").asText();
    List<String> path = List.of(pointer.substring(1).split("/", -1));
    return new Change(path, n.get("before"), n.get("after"));
  }
}
