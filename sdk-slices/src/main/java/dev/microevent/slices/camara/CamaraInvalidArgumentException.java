package dev.microevent.slices.camara;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The request was refused as malformed or out of range (HTTP 400: {@code INVALID_ARGUMENT}, {@code
 * OUT_OF_RANGE}, {@code QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE}, ...).
 */
public class CamaraInvalidArgumentException extends CamaraException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status (400)
   * @param body the response body
   * @param correlator the {@code x-correlator}, if any
   * @param retryAfter the {@code Retry-After}, if any
   * @param operation the CAMARA operation id
   * @param code the CAMARA error code
   * @param serverMessage the operator's message
   */
  public CamaraInvalidArgumentException(int status, byte[] body, @Nullable String correlator, @Nullable Duration retryAfter,
      String operation, String code, String serverMessage) {
    super(status, body, correlator, retryAfter, operation, code, serverMessage);
  }

  @Override
  String hint() {
    return "; fix the request (see the code); repeating it will fail again";
  }
}
