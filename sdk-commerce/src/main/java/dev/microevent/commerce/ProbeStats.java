package dev.microevent.commerce;

/**
 * Counts of probe runs since the client started. Immutable and thread-safe.
 *
 * @param passed runs whose every step succeeded
 * @param failed runs with a failed step
 * @param paused runs skipped because the service mode was CRITICAL_ONLY
 */
public record ProbeStats(long passed, long failed, long paused) {

  /** {@return all runs: passed, failed and paused} */
  public long runs() {
    return passed + failed + paused;
  }
}
