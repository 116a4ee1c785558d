package dev.microevent.slices;

import dev.microevent.core.Intent;
import java.time.Instant;
import java.util.Objects;

/**
 * An intent's traffic moved from one route of its rule to another (failover to a fallback, or
 * back to the preferred slice), or off the slice the plane reserved for it and back (see {@link
 * SliceSteering#reservations()}).
 *
 * @param intent whose traffic moved
 * @param rulePrecedence the rule that chose the route; {@code -1} when no rule did (the intent's
 *     reservation from the plane, or the default network when no rule matches)
 * @param from the route used before
 * @param to the route used now
 * @param at when, on the client's clock
 */
public record SliceFailoverEvent(Intent intent, int rulePrecedence, SliceId from, SliceId to, Instant at) {
  /**
   * Validates the fields.
   *
   * @param intent whose traffic moved
   * @param rulePrecedence the rule that chose the route; {@code -1} when no rule did (the intent's
   *     reservation from the plane, or the default network when no rule matches)
   * @param from the route used before
   * @param to the route used now
   * @param at when, on the client's clock
   */
  public SliceFailoverEvent {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
  }
}
