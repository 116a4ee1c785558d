package dev.microevent.power;

import dev.microevent.core.ServiceMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of the power client: the mode it proposes and why, the budget estimate, and each
 * source's state.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode the mode power proposes
 * @param reason why, e.g. {@code "runtime 12m00s with all loads < 30m00s"}
 * @param estimate the budget
 * @param sources each source, in the order they were added
 * @param at when, on the client's clock
 */
public record PowerStatus(ServiceMode mode, String reason, PowerEstimate estimate, List<SourceStatus> sources, Instant at) {

  /**
   * Validates and copies the values.
   *
   * @param mode the mode power proposes
   * @param reason why, e.g. {@code "runtime 12m00s with all loads < 30m00s"}
   * @param estimate the budget
   * @param sources each source, in the order they were added
   * @param at when, on the client's clock
   */
  public PowerStatus {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(estimate, "estimate");
    Objects.requireNonNull(at, "at");
    sources = List.copyOf(sources);
  }
}
