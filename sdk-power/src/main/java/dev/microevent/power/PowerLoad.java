package dev.microevent.power;

import dev.microevent.core.Criticality;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something on the venue's power budget: a named load, its power role and its typical draw. The
 * role is the core's {@link Criticality}: the same words that decide which calls run in a {@link
 * dev.microevent.core.ServiceMode} decide which loads keep their power.
 *
 * <pre>{@code
 * PowerLoad.of("pos-terminals", Criticality.CRITICAL, 120)
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param name short stable name, {@code [a-z0-9][a-z0-9_.-]{0,47}}
 * @param role what the load is for when power is short
 * @param watts typical draw, W, 0 or more
 */
public record PowerLoad(String name, Criticality role, double watts) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,47}");

  /**
   * Validates the values.
   *
   * @param name short stable name, {@code [a-z0-9][a-z0-9_.-]{0,47}}
   * @param role what the load is for when power is short
   * @param watts typical draw, W, 0 or more
   */
  public PowerLoad {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("load name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    if (!Double.isFinite(watts) || watts < 0 || watts > 1_000_000) {
      throw new IllegalArgumentException("load " + name + ": watts must be in [0, 1000000], got " + watts);
    }
  }

  /**
   * A load.
   *
   * @param name short stable name
   * @param role its power role
   * @param watts typical draw, W
   * @return the load
   */
  public static PowerLoad of(String name, Criticality role, double watts) {
    return new PowerLoad(name, role, watts);
  }
}
