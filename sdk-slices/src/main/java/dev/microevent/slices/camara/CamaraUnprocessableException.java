package dev.microevent.slices.camara;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The operator cannot serve the request as given (HTTP 422: {@code SERVICE_NOT_APPLICABLE}, {@code
 * MISSING_IDENTIFIER}, {@code UNSUPPORTED_IDENTIFIER}, {@code UNNECESSARY_IDENTIFIER}, {@code
 * QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE}, {@code
 * NETWORK_SLICE_BOOKING.RESOURCES_NOT_APPLICABLE}).
 */
public class CamaraUnprocessableException extends CamaraException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status (422)
   * @param body the response body
   * @param correlator the {@code x-correlator}, if any
   * @param retryAfter the {@code Retry-After}, if any
   * @param operation the CAMARA operation id
   * @param code the CAMARA error code
   * @param serverMessage the operator's message
   */
  public CamaraUnprocessableException(int status, byte[] body, @Nullable String correlator, @Nullable Duration retryAfter,
      String operation, String code, String serverMessage) {
    super(status, body, correlator, retryAfter, operation, code, serverMessage);
  }

  @Override
  String hint() {
    return "; change the device, profile or area; the operator cannot serve this one";
  }
}
