package dev.microevent.slices.camara;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The session, profile or device does not exist (HTTP 404 {@code NOT_FOUND}, {@code
 * IDENTIFIER_NOT_FOUND}).
 */
public class CamaraNotFoundException extends CamaraException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status (404)
   * @param body the response body
   * @param correlator the {@code x-correlator}, if any
   * @param retryAfter the {@code Retry-After}, if any
   * @param operation the CAMARA operation id
   * @param code the CAMARA error code
   * @param serverMessage the operator's message
   */
  public CamaraNotFoundException(int status, byte[] body, @Nullable String correlator, @Nullable Duration retryAfter,
      String operation, String code, String serverMessage) {
    super(status, body, correlator, retryAfter, operation, code, serverMessage);
  }

  @Override
  String hint() {
    return "; the resource is gone or the identifier is wrong";
  }
}
