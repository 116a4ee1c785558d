package dev.microevent.testkit.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FaultInjector} decided for one request: a total added latency and at most one
 * fault that changes the answer. Fakes built on {@link dev.microevent.testkit.FakeBackend} act
 * on it for you; fakes of your own read it. Immutable and thread-safe.
 *
 * @param addedLatency total latency to add before answering (sum of the latency faults that hit)
 * @param answerFault the fault that changes the answer (status, reset, black hole, slow or
 *     truncated body), or {@code null} to answer normally
 * @param description what was applied, empty when nothing was
 */
public record FaultDecision(Duration addedLatency, @Nullable Fault answerFault, String description) {

  /** Nothing applied. */
  public static final FaultDecision NONE = new FaultDecision(Duration.ZERO, null, "");

  /**
   * Validates every component.
   *
   * @param addedLatency total latency to add before answering (sum of the latency faults that hit)
   * @param answerFault the fault that changes the answer (status, reset, black hole, slow or
   *     truncated body), or {@code null} to answer normally
   * @param description what was applied, empty when nothing was
   * @throws IllegalArgumentException if {@code addedLatency} is negative, or {@code answerFault} is
   *     a latency or flapping fault (they do not change the answer)
   */
  public FaultDecision {
    Objects.requireNonNull(addedLatency, "addedLatency");
    Objects.requireNonNull(description, "description");
    if (addedLatency.isNegative()) {
      throw new IllegalArgumentException("addedLatency must be >= 0");
    }
    if (answerFault != null && (answerFault.kind() == Fault.Kind.LATENCY || answerFault.kind() == Fault.Kind.FLAPPING)) {
      throw new IllegalArgumentException("the answer fault must change the answer, got " + answerFault);
    }
  }

  /** {@return the fault that changes the answer, if any} */
  public Optional<Fault> answer() {
    return Optional.ofNullable(answerFault);
  }

  /** {@return whether any fault hit} */
  public boolean faulty() {
    return !description.isEmpty();
  }
}
