package dev.microevent.commerce;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of the synthetic checkout probe. Immutable and thread-safe.
 *
 * @param startedAt when it started, on the client's clock
 * @param outcome how it ended
 * @param steps the steps that ran, in order, each timed
 */
public record ProbeResult(Instant startedAt, Outcome outcome, List<StepResult> steps) {

  /**
   * Checks and copies the components.
   *
   * @param startedAt when it started, on the client's clock
   * @param outcome how it ended
   * @param steps the steps that ran, in order, each timed
   */
  public ProbeResult {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(outcome, "outcome");
    steps = List.copyOf(steps);
  }

  /** {@return the step that failed, if one did} */
  public Optional<StepResult> failedStep() {
    return steps.stream().filter(s -> !s.ok()).findFirst();
  }

  /** {@return the time all steps took together} */
  public Duration duration() {
    return steps.stream().map(StepResult::took).reduce(Duration.ZERO, Duration::plus);
  }

  /** How a probe run ended. */
  public enum Outcome {
    /** Every step succeeded. */
    PASSED,
    /** A step failed; see {@link #failedStep()}. */
    FAILED,
    /** Skipped: the service mode is CRITICAL_ONLY, so the probe paused to leave room for real payments. */
    PAUSED
  }

  /**
   * One timed step.
   *
   * @param step which step
   * @param ok whether it succeeded
   * @param took how long it took (monotonic time)
   * @param detail what went wrong, or an empty string
   */
  public record StepResult(ProbeStep step, boolean ok, Duration took, String detail) {

    /**
     * Checks the components.
     *
     * @param step which step
     * @param ok whether it succeeded
     * @param took how long it took (monotonic time)
     * @param detail what went wrong, or an empty string
     */
    public StepResult {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(took, "took");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
