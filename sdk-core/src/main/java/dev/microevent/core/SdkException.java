package dev.microevent.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the SDK throws. Unchecked. Two branches: {@link SdkClientException}
 * (no usable answer: shed, no route, timeout, connection failure, parse failure) and {@link
 * SdkServiceException} (a remote answered with an error; {@link HttpServiceException} for an HTTP
 * error status).
 */
public class SdkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what happened and what to do next; never secrets or personal data
   * @param cause the underlying failure, if any
   */
  public SdkException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether repeating the same call later may succeed. The client has already applied its own
   * retry policy by the time you see this; this tells you whether a later, app-level retry
   * (for example after the user taps again) makes sense.
   *
   * @return {@code true} if a later retry may succeed
   */
  public boolean isRetryable() {
    return false;
  }
}
