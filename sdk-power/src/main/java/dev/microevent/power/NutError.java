package dev.microevent.power;

import dev.microevent.power.internal.Checks;
import java.util.HashMap;
import java.util.Map;

/**
 * Every error code of the NUT network protocol (RFC 9271, NUT {@code docs/net-protocol.txt}), as
 * sent in {@code ERR <CODE>} answers. {@link #UNRECOGNIZED} stands for a code this SDK does not
 * know (the raw code is kept on the exception).
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum NutError {
  /** Host or credentials are not sufficient for the command. */
  ACCESS_DENIED,
  /** No UPS of that name in {@code ups.conf}. */
  UNKNOWN_UPS,
  /** The UPS has no such variable. */
  VAR_NOT_SUPPORTED,
  /** The UPS has no such instant command. */
  CMD_NOT_SUPPORTED,
  /** A bad or missing argument. */
  INVALID_ARGUMENT,
  /** upsd could not pass the instant command to the driver. */
  INSTCMD_FAILED,
  /** upsd could not pass the SET to the driver. */
  SET_FAILED,
  /** The variable is not writable. */
  READONLY,
  /** The SET value is too long. */
  TOO_LONG,
  /** The server was built without the feature (STARTTLS). */
  FEATURE_NOT_SUPPORTED,
  /** The feature is present but not configured (STARTTLS). */
  FEATURE_NOT_CONFIGURED,
  /** STARTTLS sent twice. */
  ALREADY_SSL_MODE,
  /** upsd has no live driver for the UPS: its data is unknown. */
  DRIVER_NOT_CONNECTED,
  /** The driver is alive but not updating: its data is stale. */
  DATA_STALE,
  /** A second LOGIN on one connection. */
  ALREADY_LOGGED_IN,
  /** An invalid (for example empty) password. */
  INVALID_PASSWORD,
  /** PASSWORD sent twice. */
  ALREADY_SET_PASSWORD,
  /** An invalid username. */
  INVALID_USERNAME,
  /** USERNAME sent twice. */
  ALREADY_SET_USERNAME,
  /** The command needs a USERNAME first. */
  USERNAME_REQUIRED,
  /** The command needs a PASSWORD first. */
  PASSWORD_REQUIRED,
  /** upsd does not know the command. */
  UNKNOWN_COMMAND,
  /** The SET value is not allowed (for example not in the ENUM list). */
  INVALID_VALUE,
  /** A code this SDK does not know. */
  UNRECOGNIZED;

  private static final Map<String, NutError> BY_NAME = new HashMap<>();

  static {
    for (NutError e : values()) {
      BY_NAME.put(e.name(), e);
    }
  }

  /**
   * The code as sent on the wire, e.g. {@code DATA-STALE}.
   *
   * @return the wire code
   */
  public String wireCode() {
    return name().replace('_', '-');
  }

  /**
   * Maps a wire code.
   *
   * @param code e.g. {@code ACCESS-DENIED}
   * @return the error, or {@link #UNRECOGNIZED}
   */
  public static NutError fromWire(String code) {
    return BY_NAME.getOrDefault(Checks.asciiUpperCase(code).replace('-', '_'), UNRECOGNIZED);
  }

  /** {@return whether this code means "the UPS data is unknown or stale right now" (never zero)} */
  public boolean meansStale() {
    return this == DATA_STALE || this == DRIVER_NOT_CONNECTED;
  }

  /** {@return whether the same command may succeed later without any change on the client side} */
  public boolean isRetryable() {
    return meansStale() || this == INSTCMD_FAILED || this == SET_FAILED;
  }
}
