package dev.microevent.slices;

import dev.microevent.core.Intent;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The slice reservations the plane's config document puts into effect (its {@code slices}
 * section): each reserved intent's traffic leaves through its slice before the plan's own rules
 * are consulted; intents not reserved keep the plan's rules. Read it with {@link
 * SliceSteering#reservations()}.
 *
 * <pre>{@code
 * SliceReservations r = steering.reservations();
 * log.info("reserved by the plane: {}; skipped: {}", r.byIntent(), r.skipped());
 * }</pre>
 *
 * @param byIntent the slice each reserved intent leaves through ({@link SliceId#DEFAULT_NETWORK}
 *     when the plane reserved the default network); empty when the document has no reservations
 * @param skipped the document's reservations this app passed over, with why, e.g. {@code "vip:
 *     not a slice of this app's plan (payment)"}: another app of the fleet may have that slice
 */
public record SliceReservations(Map<Intent, SliceId> byIntent, List<String> skipped) {
  /** No reservations: every intent follows the plan's rules. */
  public static final SliceReservations NONE = new SliceReservations(Map.of(), List.of());

  /**
   * Copies the collections.
   *
   * @param byIntent the slice each reserved intent leaves through
   * @param skipped the reservations passed over, with why
   */
  public SliceReservations {
    Objects.requireNonNull(byIntent, "byIntent");
    Objects.requireNonNull(skipped, "skipped");
    byIntent = Map.copyOf(byIntent);
    skipped = List.copyOf(skipped);
  }
}
