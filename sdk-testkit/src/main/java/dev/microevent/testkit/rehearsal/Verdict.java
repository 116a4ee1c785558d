package dev.microevent.testkit.rehearsal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a rehearsal: {@link Status#PASSED} when every objective was met, {@link
 * Status#FAILED} when one was missed, and {@link Status#INCONCLUSIVE} when the run cannot judge
 * the configuration at all because the test machine could not keep the traffic's schedule (the
 * objectives are still evaluated and reported, but they measured the machine).
 *
 * @param status the verdict
 * @param results one per objective, in the order configured
 * @param reasons why the verdict is inconclusive; empty otherwise
 */
public record Verdict(Status status, List<ObjectiveResult> results, List<String> reasons) {

  /** What a rehearsal concluded. */
  public enum Status {
    /** Every objective was met (also when there were none). */
    PASSED,
    /** At least one objective was missed. */
    FAILED,
    /**
     * The run did not measure the configuration: the load generator fell behind its schedule by
     * more than the rehearsal tolerates, so latencies and bursts were the machine's. Neither a
     * pass nor a failure; run it again, on a quieter machine or at a lower speed.
     */
    INCONCLUSIVE
  }

  /**
   * Validates and copies.
   *
   * @param status the verdict
   * @param results one per objective, in the order configured
   * @param reasons why the verdict is inconclusive; empty otherwise
   * @throws IllegalArgumentException if reasons are given with a conclusive verdict, or none with
   *     an inconclusive one
   */
  public Verdict {
    Objects.requireNonNull(status, "status");
    results = List.copyOf(results);
    reasons = List.copyOf(reasons);
    if ((status == Status.INCONCLUSIVE) == reasons.isEmpty()) {
      throw new IllegalArgumentException("an inconclusive verdict, and only one, gives its reasons");
    }
  }

  /** {@return whether every objective was met and the run was conclusive} */
  public boolean passed() {
    return status == Status.PASSED;
  }

  /** {@return whether the run could not judge the configuration; see {@link #reasons()}} */
  public boolean inconclusive() {
    return status == Status.INCONCLUSIVE;
  }

  /** {@return every finding of every missed objective, prefixed by its intent} */
  public List<String> findings() {
    List<String> out = new ArrayList<>();
    for (ObjectiveResult r : results) {
      for (String f : r.findings()) {
        out.add(r.objective().intent() + ": " + f);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return switch (status) {
      case PASSED -> "PASSED";
      case FAILED -> "FAILED " + findings();
      case INCONCLUSIVE -> "INCONCLUSIVE " + reasons;
    };
  }
}
