package dev.microevent.power.protocol;

/**
 * A Victron charger error code ({@code ERR} label).
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum VeDirectError {
  /** No error. */
  NONE(0),
  /** Battery voltage too high. */
  BATTERY_VOLTAGE_TOO_HIGH(2),
  /** Charger temperature too high. */
  CHARGER_TEMPERATURE_TOO_HIGH(17),
  /** Charger over current. */
  CHARGER_OVER_CURRENT(18),
  /** Charger current reversed (seen during start-up and shutdown; may be ignored). */
  CHARGER_CURRENT_REVERSED(19),
  /** Bulk time limit exceeded. */
  BULK_TIME_LIMIT_EXCEEDED(20),
  /** Current sensor issue (a short-lived one at start-up may be ignored). */
  CURRENT_SENSOR_ISSUE(21),
  /** Terminals overheated. */
  TERMINALS_OVERHEATED(26),
  /** Converter issue. */
  CONVERTER_ISSUE(28),
  /** Input (PV) voltage too high. */
  INPUT_VOLTAGE_TOO_HIGH(33),
  /** Input current too high. */
  INPUT_CURRENT_TOO_HIGH(34),
  /** Input shutdown because of battery over-voltage. */
  INPUT_SHUTDOWN_BATTERY_OVERVOLTAGE(38),
  /** Input shutdown because of current flow while off. */
  INPUT_SHUTDOWN_CURRENT_WHILE_OFF(39),
  /** Lost communication with a device. */
  LOST_COMMUNICATION(65),
  /** Synchronised charging configuration issue. */
  SYNCHRONISED_CHARGING_CONFIG(66),
  /** BMS connection lost. */
  BMS_CONNECTION_LOST(67),
  /** Network misconfigured. */
  NETWORK_MISCONFIGURED(68),
  /** Factory calibration data lost. */
  FACTORY_CALIBRATION_LOST(116),
  /** Invalid or incompatible firmware. */
  INVALID_FIRMWARE(117),
  /** User settings invalid. */
  USER_SETTINGS_INVALID(119),
  /** A code this SDK does not know. */
  UNKNOWN(-1);

  private final int code;

  VeDirectError(int code) {
    this.code = code;
  }

  /** {@return the code as sent, or -1 for {@link #UNKNOWN}} */
  public int code() {
    return code;
  }

  /** {@return whether Victron says this code shows up during start-up or shutdown and can be ignored} */
  public boolean transientAtStartup() {
    return this == CHARGER_CURRENT_REVERSED || this == CURRENT_SENSOR_ISSUE;
  }

  /**
   * Maps a code.
   *
   * @param code as sent
   * @return the error, or {@link #UNKNOWN}
   */
  public static VeDirectError of(int code) {
    for (VeDirectError e : values()) {
      if (e.code == code && e != UNKNOWN) {
        return e;
      }
    }
    return UNKNOWN;
  }
}
