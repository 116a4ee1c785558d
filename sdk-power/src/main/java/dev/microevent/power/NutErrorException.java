package dev.microevent.power;

import java.util.Objects;

/**
 * upsd answered {@code ERR <CODE>}. {@link #error()} is the typed code; {@link #wireCode()} the
 * code as sent (useful when it is {@link NutError#UNRECOGNIZED}). {@code DATA-STALE} and {@code
 * DRIVER-NOT-CONNECTED} are {@linkplain #isStale() stale}: the UPS values are unknown, not zero.
 *
 * <p>Immutable and thread-safe.
 */
public class NutErrorException extends PowerSourceException {
  private static final long serialVersionUID = 1L;

  /** The typed error the wire code maps to. */
  private final NutError error;
  /** The error code as upsd sent it. */
  private final String wireCode;

  /**
   * Creates the exception.
   *
   * @param wireCode the code as sent, e.g. {@code ACCESS-DENIED}
   * @param command what was asked (without passwords), for the message
   */
  public NutErrorException(String wireCode, String command) {
    this(NutError.fromWire(wireCode), wireCode, command);
  }

  private NutErrorException(NutError error, String wireCode, String command) {
    super("upsd answered ERR " + wireCode + " to '" + command + "': " + advice(error), null,
        error.meansStale(), error.isRetryable());
    this.error = error;
    this.wireCode = Objects.requireNonNull(wireCode, "wireCode");
  }

  private static String advice(NutError error) {
    return switch (error) {
      case ACCESS_DENIED -> "the user lacks the right in upsd.users (actions, instcmds, upsmon) or the password is wrong";
      case UNKNOWN_UPS -> "check the UPS name against LIST UPS / ups.conf";
      case VAR_NOT_SUPPORTED -> "this UPS does not have that variable";
      case CMD_NOT_SUPPORTED -> "this UPS does not have that instant command; see LIST CMD";
      case DRIVER_NOT_CONNECTED -> "upsd has no live driver for the UPS; values are unknown until it returns";
      case DATA_STALE -> "the driver stopped updating; values are unknown until it resumes";
      case USERNAME_REQUIRED, PASSWORD_REQUIRED -> "configure a username and password for this source";
      case READONLY -> "the variable is not writable";
      case INVALID_VALUE, TOO_LONG, INVALID_ARGUMENT -> "the value or argument was refused";
      case INSTCMD_FAILED, SET_FAILED -> "upsd could not reach the driver; try again later";
      case UNKNOWN_COMMAND -> "this upsd does not know the command (older protocol version?)";
      default -> "see RFC 9271 for the code";
    };
  }

  /** {@return the typed error code} */
  public NutError error() {
    return error;
  }

  /** {@return the code as sent on the wire} */
  public String wireCode() {
    return wireCode;
  }
}
