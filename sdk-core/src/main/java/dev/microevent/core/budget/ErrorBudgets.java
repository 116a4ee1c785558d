package dev.microevent.core.budget;

import dev.microevent.core.Intent;
import dev.microevent.core.Subscription;
import java.util.Map;
import java.util.Optional;

/**
 * The client's error budgets: one per intent with an SLO, fed by every finished call, plus any a
 * module tracks (e.g. one per 5G slice). The client evaluates them on its scheduler and tells the
 * listeners when an alert level changes. Reached through {@code client.errorBudgets()}.
 *
 * <p>Which calls count: successes are good; server errors, timeouts, connection failures, no
 * route and local rejections are bad; client errors (4xx: the request's own fault) and calls shed
 * on purpose by the service mode are not eligible.
 *
 * <p>Thread-safe.
 */
public interface ErrorBudgets {

  /**
   * The budget of an intent.
   *
   * @param intent the intent
   * @return its budget, if the intent has an SLO
   */
  Optional<ErrorBudget> of(Intent intent);

  /**
   * Tracks a module's own budget under a name, evaluated and alerted like the intents' budgets.
   * Calling it again with the same name returns the same counts judged against the new SLO.
   *
   * @param name e.g. {@code slice:checkout}; a short token, used as a metric tag
   * @param slo the objective
   * @return the budget to record into
   */
  ErrorBudget track(String name, Slo slo);

  /**
   * Every budget by name (intent budgets under the intent's name).
   *
   * @return a snapshot
   */
  Map<String, ErrorBudget> all();

  /**
   * The alert level each budget had at the last evaluation.
   *
   * @return name to level, a snapshot
   */
  Map<String, BudgetAlert.Severity> levels();

  /** Evaluates every budget now (the client also does it periodically) and notifies listeners. */
  void evaluateNow();

  /**
   * Adds an alert listener.
   *
   * @param listener told when a level changes
   * @return closing it removes the listener
   */
  Subscription addListener(BudgetAlertListener listener);
}
