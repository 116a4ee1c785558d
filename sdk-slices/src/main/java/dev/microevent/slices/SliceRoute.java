package dev.microevent.slices;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of steering one flow: the route taken, the rule that chose it, and the routes
 * skipped on the way (with why).
 *
 * @param slice the route taken; {@link SliceId#DEFAULT_NETWORK} when no slice is used
 * @param rulePrecedence the precedence of the rule that chose the route, empty when no rule matched
 *     or the plane's reservation for the intent chose it ({@link SliceSteering#reservations()})
 * @param skipped routes passed over (the intent's reserved slice, then the rule's), e.g. {@code
 *     "checkout: DOWN (proxy refused)"}
 */
public record SliceRoute(SliceId slice, OptionalInt rulePrecedence, List<String> skipped) {
  /**
   * Copies the list.
   *
   * @param slice the route taken; {@link SliceId#DEFAULT_NETWORK} when no slice is used
   * @param rulePrecedence the precedence of the rule that chose the route, empty when no rule
   *     matched or the plane's reservation for the intent chose it
   * @param skipped routes passed over (the intent's reserved slice, then the rule's), e.g. {@code
   *     "checkout: DOWN (proxy refused)"}
   */
  public SliceRoute {
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(rulePrecedence, "rulePrecedence");
    skipped = List.copyOf(skipped);
  }

  /** {@return whether the route is a fallback rather than the rule's first choice} */
  public boolean isFallback() {
    return !skipped.isEmpty();
  }
}
