package dev.microevent.slices;

/**
 * Hears about slice outages, recoveries and failovers: the hook for playbooks, dashboards and
 * paging. Error-budget alerts of slices come from the core client's {@code errorBudgets()}, where
 * each slice's budget is named {@code slice:<id>}.
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

}
