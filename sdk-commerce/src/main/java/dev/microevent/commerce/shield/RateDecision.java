package dev.microevent.commerce.shield;

import java.time.Duration;
import java.util.Objects;

/**
 * The bot shield's answer to one request. Immutable and thread-safe.
 *
 * @param allowed whether the request may go on
 * @param limitedBy which limit refused it ({@link Scope#NONE} when allowed)
 * @param retryAfter when a retry may succeed ({@link Duration#ZERO} when allowed); send it as
 *     {@code Retry-After}
 */
public record RateDecision(boolean allowed, Scope limitedBy, Duration retryAfter) {

  /**
   * Checks the components.
   *
   * @param allowed whether the request may go on
   * @param limitedBy which limit refused it ({@link Scope#NONE} when allowed)
   * @param retryAfter when a retry may succeed ({@link Duration#ZERO} when allowed); send it as
   *     {@code Retry-After}
   */
  public RateDecision {
    Objects.requireNonNull(limitedBy, "limitedBy");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** Which limit decided. */
  public enum Scope {
    /** Nothing refused the request. */
    NONE,
    /** The per-client limit. */
    CLIENT,
    /** The limit shared by all clients (the whole drop). */
    GLOBAL
  }
}
