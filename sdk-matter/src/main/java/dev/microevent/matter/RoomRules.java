package dev.microevent.matter;

import dev.microevent.core.ServiceMode;
import java.util.Objects;

/**
 * A room's local automation, per service mode of the core client: what it does in {@code
 * REDUCED} and in {@code CRITICAL_ONLY}. Back in {@code NORMAL} every device it touched is put
 * back as it was. Declared per room in the manifest:
 *
 * <pre>{@code
 * automation:
 *   reduced:
 *     switchOff: [non-essential]
 *     dimLightsTo: 30            # percent
 *   criticalOnly:                # optional: the reduced rule applies when left out
 *     switchOff: [non-essential, degraded]
 *     dimLightsTo: 10
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param reduced the rule in {@code REDUCED}
 * @param criticalOnly the rule in {@code CRITICAL_ONLY}
 */
public record RoomRules(ModeRule reduced, ModeRule criticalOnly) {
  /** No automation: the room is left alone in every mode. */
  public static final RoomRules NONE = new RoomRules(ModeRule.NONE, ModeRule.NONE);

  /**
   * Validates the rules.
   *
   * @param reduced the rule in {@code REDUCED}
   * @param criticalOnly the rule in {@code CRITICAL_ONLY}
   */
  public RoomRules {
    Objects.requireNonNull(reduced, "reduced");
    Objects.requireNonNull(criticalOnly, "criticalOnly");
  }

  /**
   * The same rule in both modes.
   *
   * @param rule the rule
   * @return the rules
   */
  public static RoomRules of(ModeRule rule) {
    return new RoomRules(rule, rule);
  }

  /**
   * The rule in a mode; {@link ModeRule#NONE} in {@code NORMAL}.
   *
   * @param mode the applied mode
   * @return the rule
   */
  public ModeRule forMode(ServiceMode mode) {
    return switch (Objects.requireNonNull(mode, "mode")) {
      case NORMAL -> ModeRule.NONE;
      case REDUCED -> reduced;
      case CRITICAL_ONLY -> criticalOnly;
    };
  }

  /** {@return whether these rules touch anything} */
  public boolean isNone() {
    return reduced.equals(ModeRule.NONE) && criticalOnly.equals(ModeRule.NONE);
  }
}
