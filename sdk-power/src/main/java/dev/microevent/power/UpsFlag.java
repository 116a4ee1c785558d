package dev.microevent.power;

import java.util.Collections;
import java.util.EnumSet;
import dev.microevent.power.internal.Checks;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One flag of a UPS status, as NUT sends it in {@code ups.status} (apcupsd's words map onto the
 * same flags). A status is any combination, e.g. {@code OB DISCHRG LB}.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum UpsFlag {
  /** On line: mains present. */
  OL,
  /** On battery. */
  OB,
  /** Low battery: the UPS will shut down soon. */
  LB,
  /** High battery. */
  HB,
  /** The battery needs replacing. */
  RB,
  /** Charging. */
  CHRG,
  /** Discharging: the inverter feeds the load. */
  DISCHRG,
  /** Bypass active: no battery protection. */
  BYPASS,
  /** Runtime calibration running (on battery). */
  CAL,
  /** The UPS is off and does not feed the load. */
  OFF,
  /** Overloaded. */
  OVER,
  /** Trimming (bucking) a high input voltage. */
  TRIM,
  /** Boosting a low input voltage. */
  BOOST,
  /** Forced shutdown set by the primary monitor; treated like {@code OB LB}. */
  FSD,
  /** An alarm text ({@code ups.alarm}) is present. */
  ALARM,
  /** The driver is still starting: no trustworthy data yet. */
  WAIT;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Map<String, UpsFlag> BY_NAME = new HashMap<>();

  static {
    for (UpsFlag f : values()) {
      BY_NAME.put(f.name(), f);
    }
  }

  /**
   * Parses a status text. Unknown words are ignored, not rejected, as NUT advises: drivers add
   * flags over time.
   *
   * @param status space-separated flags, e.g. {@code "OB DISCHRG LB"}; may be empty
   * @return the known flags, an unmodifiable set
   */
  public static Set<UpsFlag> parse(String status) {
    EnumSet<UpsFlag> flags = EnumSet.noneOf(UpsFlag.class);
    for (String word : WHITESPACE.split(status.trim(), -1)) {
      if (word.isEmpty()) {
        continue;
      }
      UpsFlag flag = BY_NAME.get(Checks.asciiUpperCase(word));
      if (flag != null) { // NUT: unknown flags must be ignored
        flags.add(flag);
      }
    }
    return Collections.unmodifiableSet(flags);
  }

  /**
   * Whether these flags say the battery is about to run out ({@code LB}, or {@code FSD}, which
   * NUT treats as {@code OB LB}).
   *
   * @param flags a status
   * @return {@code true} if low
   */
  public static boolean lowBattery(Set<UpsFlag> flags) {
    return flags.contains(LB) || flags.contains(FSD);
  }
}
