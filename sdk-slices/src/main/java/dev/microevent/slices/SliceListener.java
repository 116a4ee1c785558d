package dev.microevent.slices;

/**
 * Hears about slice outages, recoveries, failovers and error-budget alerts: the hook for
 * playbooks, dashboards and paging.
 *
 * <p>Called on the thread that noticed the change (a calling thread or the scheduler); must be
 * fast, must not block and must not throw (a throwing listener is logged and skipped).
 */
public interface SliceListener {

  /**
   * A slice went down or came back.
   *
   * @param event what changed
   */
  default void onHealthChanged(SliceHealthEvent event) {}

  /**
   * An intent's traffic moved to another route of its rule.
   *
   * @param event what moved
   */
  default void onFailover(SliceFailoverEvent event) {}

  /**
   * A slice's burn-rate alert level changed.
   *
   * @param alert the new level and burn rates
   */
  default void onBudgetAlert(SliceBudgetAlert alert) {}
}
