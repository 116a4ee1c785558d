package dev.microevent.power.protocol;

/**
 * The state of operation of a Victron charger ({@code CS} label).
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum VeDirectChargeState {
  /** Off. */
  OFF(0),
  /** Low power. */
  LOW_POWER(1),
  /** Fault. */
  FAULT(2),
  /** Bulk charging. */
  BULK(3),
  /** Absorption charging. */
  ABSORPTION(4),
  /** Float charging. */
  FLOAT(5),
  /** Storage. */
  STORAGE(6),
  /** Manual equalise. */
  EQUALIZE(7),
  /** Inverting. */
  INVERTING(9),
  /** Power supply mode. */
  POWER_SUPPLY(11),
  /** Starting up. */
  STARTING_UP(245),
  /** Repeated absorption. */
  REPEATED_ABSORPTION(246),
  /** Auto equalise / recondition. */
  AUTO_EQUALIZE(247),
  /** BatterySafe. */
  BATTERY_SAFE(248),
  /** External control. */
  EXTERNAL_CONTROL(252),
  /** A code this SDK does not know. */
  UNKNOWN(-1);

  private final int code;

  VeDirectChargeState(int code) {
    this.code = code;
  }

  /** {@return the code as sent, or -1 for {@link #UNKNOWN}} */
  public int code() {
    return code;
  }

  /** {@return whether the charger is putting energy into the battery} */
  public boolean charging() {
    return switch (this) {
      case BULK, ABSORPTION, FLOAT, EQUALIZE, REPEATED_ABSORPTION, AUTO_EQUALIZE -> true;
      default -> false;
    };
  }

  /**
   * Maps a code.
   *
   * @param code as sent
   * @return the state, or {@link #UNKNOWN}
   */
  public static VeDirectChargeState of(int code) {
    for (VeDirectChargeState s : values()) {
      if (s.code == code && s != UNKNOWN) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
