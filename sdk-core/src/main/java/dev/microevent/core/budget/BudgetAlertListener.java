package dev.microevent.core.budget;

/**
 * Told when an error budget's alert level changes (fires or resolves). Playbooks and apps act on
 * it: tighten health checks, enter reduced mode, page someone.
 *
 * <p>Called on the client's scheduler thread for the periodic evaluation, or on the thread that
 * calls {@link ErrorBudgets#evaluateNow()}; must be fast and must not throw.
 */
@FunctionalInterface
public interface BudgetAlertListener {
  /**
   * The level changed.
   *
   * @param alert what changed
   */
  void onAlert(BudgetAlert alert);
}
