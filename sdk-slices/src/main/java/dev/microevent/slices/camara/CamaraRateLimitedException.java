package dev.microevent.slices.camara;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The operator throttled the client or a quota ran out (HTTP 429 {@code TOO_MANY_REQUESTS}, {@code
 * QUOTA_EXCEEDED}); {@link #retryAfter()} says when to try again.
 */
public class CamaraRateLimitedException extends CamaraException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status (429)
   * @param body the response body
   * @param correlator the {@code x-correlator}, if any
   * @param retryAfter the {@code Retry-After}, if any
   * @param operation the CAMARA operation id
   * @param code the CAMARA error code
   * @param serverMessage the operator's message
   */
  public CamaraRateLimitedException(int status, byte[] body, @Nullable String correlator, @Nullable Duration retryAfter,
      String operation, String code, String serverMessage) {
    super(status, body, correlator, retryAfter, operation, code, serverMessage);
  }

  @Override
  String hint() {
    return "; retry after the Retry-After delay";
  }
}
