package dev.microevent.slices.camara;

import dev.microevent.core.HttpServiceException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The operator's CAMARA API answered with an error ({@code ErrorInfo {status, code, message}}).
 * Subclasses name the common cases; this class itself stands for 5xx and undocumented statuses.
 * {@link #code()} (and {@link #errorCode()}) is the CAMARA error code, e.g. {@code CONFLICT} or
 * {@code QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED}; {@code UNKNOWN} when the body was not
 * a CAMARA error. {@link #source()} is {@code camara}, the name the operator's calls go under.
 */
public class CamaraException extends HttpServiceException {
  private static final long serialVersionUID = 1L;
  /** The code used when the error body is missing or malformed. */
  public static final String UNKNOWN_CODE = "UNKNOWN";
  /** The {@link #source()} of every CAMARA error: the operator's API, as its calls are tagged. */
  public static final String SOURCE = "camara";

  /** The CAMARA operation id that failed, e.g. {@code createSession}. */
  private final String operation;
  /** The CAMARA error code, or {@link #UNKNOWN_CODE} when the body was missing or malformed. */
  private final String code;
  /** The operator's message from the error body (bounded). */
  private final String serverMessage;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status
   * @param body the response body
   * @param correlator the {@code x-correlator} of the exchange, if any
   * @param retryAfter the {@code Retry-After}, if any
   * @param operation the CAMARA operation id, e.g. {@code createSession}
   * @param code the CAMARA error code
   * @param serverMessage the operator's message
   */
  public CamaraException(int status, byte[] body, @Nullable String correlator, @Nullable Duration retryAfter,
      String operation, String code, String serverMessage) {
    super("CAMARA " + operation + " failed: HTTP " + status + " " + code, SOURCE, code, status, body, correlator,
        retryAfter);
    this.operation = operation;
    this.code = code;
    this.serverMessage = serverMessage;
  }

  /** {@return the CAMARA operation id that failed, e.g. {@code createSession}} */
  public String operation() {
    return operation;
  }

  /** {@return the CAMARA error code, or {@link #UNKNOWN_CODE}} */
  public String code() {
    return code;
  }

  /** {@return the operator's message (bounded)} */
  public String serverMessage() {
    return serverMessage;
  }

  @Override
  public String getMessage() {
    return "CAMARA " + operation + " failed: HTTP " + statusCode() + " " + code
        + (serverMessage.isEmpty() ? "" : " (" + serverMessage + ")") + hint();
  }

  /** What to do next; subclasses say more. */
  String hint() {
    return isRetryable() ? "; retry later" : "";
  }
}
