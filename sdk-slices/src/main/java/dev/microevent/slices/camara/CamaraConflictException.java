package dev.microevent.slices.camara;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The request conflicts with the resource's state (HTTP 409: {@code CONFLICT} for an existing
 * session of the same device and flow, {@code QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED} for
 * extending a session that is not AVAILABLE).
 */
public class CamaraConflictException extends CamaraException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status (409)
   * @param body the response body
   * @param correlator the {@code x-correlator}, if any
   * @param retryAfter the {@code Retry-After}, if any
   * @param operation the CAMARA operation id
   * @param code the CAMARA error code
   * @param serverMessage the operator's message
   */
  public CamaraConflictException(int status, byte[] body, @Nullable String correlator, @Nullable Duration retryAfter,
      String operation, String code, String serverMessage) {
    super(status, body, correlator, retryAfter, operation, code, serverMessage);
  }

  @Override
  String hint() {
    return "; delete or wait for the conflicting session first";
  }
}
