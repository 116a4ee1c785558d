package dev.microevent.power;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the client knows about one source now.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the source id
 * @param state how far its data can be trusted
 * @param lastReading its last good reading, kept (and flagged by the state) while stale
 * @param problem why it is stale, when it is
 */
public record SourceStatus(String id, SourceState state, @Nullable PowerReading lastReading, @Nullable String problem) {

  /**
   * Validates the values.
   *
   * @param id the source id
   * @param state how far its data can be trusted
   * @param lastReading its last good reading, kept (and flagged by the state) while stale
   * @param problem why it is stale, when it is
   */
  public SourceStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
  }

  /** {@return the last good reading, if any} */
  public Optional<PowerReading> reading() {
    return Optional.ofNullable(lastReading);
  }
}
