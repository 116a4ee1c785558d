package dev.microevent.commerce;

import dev.microevent.core.HttpServiceException;
import org.jspecify.annotations.Nullable;

/**
 * The commerce backend (or whatever answered in its place) does not implement the version of
 * {@code docs/commerce-api.yaml} this SDK needs for what was asked: for a resolve, commerce API
 * 1.1 with checkout fences ({@code PUT /commerce/v1/checkouts/{key}/fence}, answered with
 * {@value #VERSION_HEADER}). Nothing was concluded from its answer: the checkout stays pending with
 * its key. Upgrade the backend, or check that the planes route the fence path to it.
 */
public final class UnsupportedBackendException extends HttpServiceException {
  /** The response header that names the commerce API version a backend implements. */
  public static final String VERSION_HEADER = "X-Microevent-Commerce-Api";
  private static final long serialVersionUID = 1L;
  /** What the backend was missing, the start of {@link #getMessage()}. */
  private final String detail;

  /**
   * Creates the exception.
   *
   * @param source who answered: the plane
   * @param statusCode the status that was answered
   * @param body the answer's body
   * @param requestId the server's request id, if any
   * @param detail what was missing
   */
  public UnsupportedBackendException(String source, int statusCode, byte[] body, @Nullable String requestId,
      String detail) {
    super(source, statusCode, body, requestId, null);
    this.detail = detail;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  @Override
  public String getMessage() {
    return detail + "; the checkout stays pending with its key. Upgrade the commerce backend to API 1.1 "
        + "(checkout fences) or route PUT /commerce/v1/checkouts/{key}/fence to it. " + super.getMessage();
  }
}
