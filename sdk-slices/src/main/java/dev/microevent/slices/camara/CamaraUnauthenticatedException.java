package dev.microevent.slices.camara;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The operator did not accept the credentials or token (HTTP 401 {@code UNAUTHENTICATED}, or a
 * token endpoint error), even after one token refresh.
 */
public class CamaraUnauthenticatedException extends CamaraException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status (401)
   * @param body the response body
   * @param correlator the {@code x-correlator}, if any
   * @param retryAfter the {@code Retry-After}, if any
   * @param operation the CAMARA operation id
   * @param code the CAMARA error code
   * @param serverMessage the operator's message
   */
  public CamaraUnauthenticatedException(int status, byte[] body, @Nullable String correlator, @Nullable Duration retryAfter,
      String operation, String code, String serverMessage) {
    super(status, body, correlator, retryAfter, operation, code, serverMessage);
  }

  @Override
  String hint() {
    return "; check the client id, secret and token endpoint";
  }
}
