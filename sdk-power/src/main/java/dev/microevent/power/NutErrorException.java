package dev.microevent.power;

import dev.microevent.core.SdkServiceException;
import dev.microevent.power.internal.Checks;
import java.util.Objects;

/**
 * upsd answered {@code ERR <CODE>}: the server's answer was an error, so this is an {@link
 * SdkServiceException}. {@link #source()} is the server asked ({@code nut://host:port/ups}),
 * {@link #errorCode()} the error's wire name ({@code DATA-STALE}, {@code ACCESS-DENIED}), {@link
 * #error()} the typed code and {@link #wireCode()} the code exactly as sent (useful when it is
 * {@link NutError#UNRECOGNIZED}). {@code DATA-STALE} and {@code DRIVER-NOT-CONNECTED} are
 * {@linkplain #isStale() stale}: the UPS values are unknown, not zero. A power source that meets
 * one counts as stale, as for a {@link PowerSourceException}.
 *
 * <p>Immutable and thread-safe.
 */
public class NutErrorException extends SdkServiceException {
  private static final long serialVersionUID = 1L;

  /** The typed error the wire code maps to. */
  private final NutError error;
  /** The error code as upsd sent it. */
  private final String wireCode;
  /** Whether the source's data is stale because of this error. */
  private final boolean stale;
  /** Whether trying again may succeed. */
  private final boolean retryable;

  /**
   * Creates the exception.
   *
   * @param wireCode the code as sent, e.g. {@code ACCESS-DENIED}
   * @param command what was asked (without passwords), for the message
   * @param source the server that answered, e.g. {@code nut://127.0.0.1:3493/dummy}
   * @throws NullPointerException if an argument is null
   */
  public NutErrorException(String wireCode, String command, String source) {
    this(NutError.fromWire(wireCode), Objects.requireNonNull(wireCode, "wireCode"), command, source);
  }

  private NutErrorException(NutError error, String wireCode, String command, String source) {
    super("upsd answered ERR " + wireCode + " to '" + command + "': " + advice(error), source,
        error == NutError.UNRECOGNIZED ? Checks.sanitize(wireCode) : error.wireCode(), null, null, null);
    this.error = error;
    this.wireCode = wireCode;
    this.stale = error.meansStale();
    this.retryable = error.isRetryable();
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

  /** {@return whether this means the UPS data is unknown or stale right now (never zero)} */
  public boolean isStale() {
    return stale;
  }

  /** {@return whether the same command may succeed later without any change on the client side} */
  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
