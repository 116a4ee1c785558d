package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.budget.BudgetAlertListener;
import dev.microevent.core.budget.ErrorBudgets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plane's alerts: the multi-window burn-rate alerts of the error budgets of the traffic it
 * forwards (its SDK client toward central keeps them, fed by every forwarded call), evaluated every
 * tick. A firing alert that a playbook names in its {@code triggers} runs that playbook (its
 * runbook) on the runbook executor, recorded as run by {@code alert <budget> <severity>}.
 * Thread-safe.
 */
public final class Alerts implements BudgetAlertListener {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);
  /** Most alerts listed. */
  static final int RECENT = 100;

  /** One alert as the plane saw it, with the runbook it started, if any. */
  private record Seen(BudgetAlert alert, List<String> runbooks) {}

  private final @Nullable ErrorBudgets budgets;
  private final Executor runbooks;
  private final Deque<Seen> recent = new ArrayDeque<>();
  private volatile @Nullable PlaybookRunner runner;

  /**
   * Creates the alerts.
   *
   * @param budgets the forwarding client's error budgets, or null for a plane without central
   * @param runbooks where triggered playbooks run (never the scheduler that evaluates budgets)
   */
  public Alerts(@Nullable ErrorBudgets budgets, Executor runbooks) {
    this.budgets = budgets;
    this.runbooks = runbooks;
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

  /** Evaluates the budgets now (the plane's ticker calls it every second). */
  public void tick() {
    ErrorBudgets b = budgets;
    if (b != null) {
      b.evaluateNow();
    }
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
    List<String> started = new ArrayList<>();
    PlaybookRunner r = runner;
    if (alert.firing() && r != null) {
      for (Playbook p : r.playbooks()) {
        boolean matches = p.triggers().stream().anyMatch(t -> t.budget().equals(alert.budget())
            && alert.to().compareTo(Severity.valueOf(t.severity())) >= 0
            && alert.from().compareTo(Severity.valueOf(t.severity())) < 0);
        if (matches) {
          started.add(p.name());
          String who = "alert " + alert.budget() + " " + alert.to();
          try {
            runbooks.execute(() -> runTriggered(r, p.name(), who));
          } catch (RejectedExecutionException e) {
            log.warn("plane is stopping: runbook {} for {} not started", p.name(), who);
          }
        }
      }
    }
    synchronized (recent) {
      recent.addFirst(new Seen(alert, List.copyOf(started)));
      while (recent.size() > RECENT) {
        recent.removeLast();
      }
    }
    log.info("error budget {} alert {} -> {} (burn 1h {}, 6h {}){}", alert.budget(), alert.from(), alert.to(),
        round(alert.burnRate1h()), round(alert.burnRate6h()), started.isEmpty() ? "" : "; runbooks " + started);
  }

  private static void runTriggered(PlaybookRunner r, String name, String who) {
    try {
      r.runNow(name, who);
    } catch (Problem e) {
      log.warn("runbook {} for {} did not run: {}", name, who, e.getMessage());
    } catch (RuntimeException e) { // the runbook thread must survive whatever a run does
      log.error("runbook {} for {} failed", name, who, e);
    }
  }

  private static double round(double d) {
    return Math.round(d * 10) / 10.0;
  }

  /**
   * {@code GET /admin/v1/alerts}: each budget's level and the recent alerts, newest first.
   *
   * @return the Alerts document
   */
  public Reply document() {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    ObjectNode levels = o.putObject("levels");
    ErrorBudgets b = budgets;
    if (b != null) {
      for (Map.Entry<String, Severity> e : new java.util.TreeMap<>(b.levels()).entrySet()) {
        levels.put(e.getKey(), e.getValue().name());
      }
    }
    ArrayNode a = o.putArray("recent");
    List<Seen> copy;
    synchronized (recent) {
      copy = List.copyOf(recent);
    }
    for (Seen s : copy) {
      BudgetAlert al = s.alert();
      ObjectNode n = a.addObject().put("budget", al.budget()).put("from", al.from().name()).put("to", al.to().name())
          .put("firing", al.firing()).put("burnRate1h", finite(al.burnRate1h())).put("burnRate6h", finite(al.burnRate6h()))
          .put("burnRate3d", finite(al.burnRate3d())).put("at", al.at().toString());
      ArrayNode rb = n.putArray("runbooks");
      s.runbooks().forEach(rb::add);
    }
    return Reply.json(200, PlaneJson.write(o));
  }

  private static double finite(double d) {
    return Double.isFinite(d) ? d : 0;
  }
}
