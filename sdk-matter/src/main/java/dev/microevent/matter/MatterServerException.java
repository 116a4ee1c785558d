package dev.microevent.matter;

import dev.microevent.core.SdkServiceException;
import java.util.Objects;

/**
 * The Matter Server answered a command with an error ({@code {"error_code": n, "details": ...}}):
 * an {@link SdkServiceException} whose {@link #source()} is the controller's URL and whose {@link
 * #errorCode()} is the {@code error_code} as sent ({@code "3"}); {@link #matterErrorCode()} is the
 * typed code. The leaves name the cases an app acts on; this class itself stands for the others
 * ({@code UNKNOWN_ERROR}, {@code SDK_STACK_ERROR}, update errors, codes this SDK does not know).
 * What went wrong on the client's side of the connection is a {@link MatterException}.
 *
 * <p>Immutable and thread-safe.
 */
public sealed class MatterServerException extends SdkServiceException
    permits MatterCommissioningException, MatterNodeUnavailableException, MatterNodeNotFoundException,
        MatterInvalidRequestException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DETAILS = 512;

  /** The command that failed, e.g. {@code commission_with_code}. */
  private final String command;
  /** The typed error code. */
  private final MatterErrorCode matterErrorCode;
  /** The error code as sent (kept when it is {@link MatterErrorCode#UNRECOGNIZED}). */
  private final long wireCode;
  /** The server's details (at most 512 characters), or empty. */
  private final String details;

  /**
   * Creates the exception.
   *
   * @param command the command that failed, e.g. {@code device_command}
   * @param wireCode the {@code error_code} as sent
   * @param details the server's details (bounded here), or empty
   * @param source the controller that answered: its URL, e.g. {@code ws://10.0.0.5:5580/ws}
   * @throws NullPointerException if an argument is null
   */
  public MatterServerException(String command, long wireCode, String details, String source) {
    this(command, wireCode, details, source, "");
  }

  MatterServerException(String command, long wireCode, String details, String source, String advice) {
    super(message(command, wireCode, details, advice), source, Long.toString(wireCode), null, null, null);
    this.command = Objects.requireNonNull(command, "command");
    this.matterErrorCode = MatterErrorCode.fromWire(wireCode);
    this.wireCode = wireCode;
    this.details = bound(details);
  }

  private static String bound(String details) {
    return details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS) + "...";
  }

  private static String message(String command, long wireCode, String details, String advice) {
    MatterErrorCode code = MatterErrorCode.fromWire(wireCode);
    String d = bound(details);
    return "Matter Server refused " + command + ": error " + wireCode + " " + code
        + (d.isEmpty() ? "" : " (" + d + ")") + (advice.isEmpty() ? "" : "; " + advice);
  }

  /**
   * The exception for an error answer: the leaf its code calls for.
   *
   * @param command the command
   * @param wireCode the code as sent
   * @param details the details
   * @param source the controller that answered: its URL
   * @return the exception
   */
  public static MatterServerException of(String command, long wireCode, String details, String source) {
    return switch (MatterErrorCode.fromWire(wireCode)) {
      case NODE_COMMISSION_FAILED, NODE_INTERVIEW_FAILED ->
          new MatterCommissioningException(command, wireCode, details, source);
      case NODE_NOT_READY, NODE_NOT_RESOLVING -> new MatterNodeUnavailableException(command, wireCode, details, source);
      case NODE_NOT_EXISTS -> new MatterNodeNotFoundException(command, wireCode, details, source);
      case INVALID_ARGUMENTS, INVALID_COMMAND, VERSION_MISMATCH ->
          new MatterInvalidRequestException(command, wireCode, details, source);
      default -> new MatterServerException(command, wireCode, details, source);
    };
  }

  /** {@return the command that failed, e.g. {@code commission_with_code}} */
  public String command() {
    return command;
  }

  /**
   * The typed code ({@link #errorCode()} is the same code as sent, as text).
   *
   * @return the code, {@link MatterErrorCode#UNRECOGNIZED} for one this SDK does not know
   */
  public MatterErrorCode matterErrorCode() {
    return matterErrorCode;
  }

  /** {@return the code as sent (kept when it is {@link MatterErrorCode#UNRECOGNIZED})} */
  public long wireCode() {
    return wireCode;
  }

  /** {@return the server's details (at most 512 characters), or empty} */
  public String details() {
    return details;
  }

  @Override
  public boolean isRetryable() {
    return matterErrorCode.isRetryable();
  }
}
