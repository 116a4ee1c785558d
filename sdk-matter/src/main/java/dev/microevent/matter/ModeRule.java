package dev.microevent.matter;

import dev.microevent.core.Criticality;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a room does in one service mode: which roles it switches off and how far it dims the
 * lights that stay on. Critical devices are never touched: a rule cannot switch them off, and
 * dimming skips them.
 *
 * <pre>{@code
 * ModeRule reduced = ModeRule.of(Set.of(Criticality.NON_ESSENTIAL), 30);   // off, and lights to 30 %
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param switchOff the roles switched off: {@code NON_ESSENTIAL}, {@code DEGRADED}, both or none
 * @param dimLightsTo the level, in percent of full, that lights left on (and not critical) are
 *     dimmed to when brighter; 100 leaves them as they are
 */
public record ModeRule(Set<Criticality> switchOff, int dimLightsTo) {
  /** Touches nothing. */
  public static final ModeRule NONE = new ModeRule(Set.of(), 100);

  /**
   * Validates the rule.
   *
   * @param switchOff the roles switched off: {@code NON_ESSENTIAL}, {@code DEGRADED}, both or none
   * @param dimLightsTo the level, in percent of full, that lights left on (and not critical) are
   *     dimmed to when brighter; 100 leaves them as they are
   * @throws IllegalArgumentException if it would switch critical devices off, or the percentage is
   *     not 1..100
   */
  public ModeRule {
    Objects.requireNonNull(switchOff, "switchOff");
    if (switchOff.contains(Criticality.CRITICAL)) {
      throw new IllegalArgumentException("a room rule never switches critical devices off");
    }
    switchOff = switchOff.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(switchOff));
    if (dimLightsTo < 1 || dimLightsTo > 100) {
      throw new IllegalArgumentException("dimLightsTo is a percentage 1..100 (100 leaves lights as they are), got "
          + dimLightsTo);
    }
  }

  /**
   * A rule.
   *
   * @param switchOff the roles switched off
   * @param dimLightsTo percent 1..100
   * @return the rule
   */
  public static ModeRule of(Set<Criticality> switchOff, int dimLightsTo) {
    return new ModeRule(switchOff, dimLightsTo);
  }

  /** {@return the level lights are dimmed to: {@code dimLightsTo} percent of 254, at least 1} */
  public int dimLevel() {
    return Math.max(1, Math.round(DeviceState.MAX_LEVEL * dimLightsTo / 100f));
  }

  /**
   * The state this rule wants for a device, from the state it had before any rule touched it.
   *
   * @param role the device's role
   * @param before its state before automation
   * @return the state it should have in this mode
   */
  public DeviceState apply(Criticality role, DeviceState before) {
    Objects.requireNonNull(before, "before");
    if (role == Criticality.CRITICAL) {
      return before;
    }
    if (switchOff.contains(role)) {
      return before.withOn(false);
    }
    if (before.on() && before.dimmable() && dimLightsTo < 100 && before.level() > dimLevel()) {
      return before.withLevel(dimLevel());
    }
    return before;
  }
}
