package dev.microevent.core;

import org.jspecify.annotations.Nullable;

/**
 * The last attempt failed on the wire: connection refused or reset, TLS failure, a truncated
 * response. The attempts before it (if any) failed too.
 */
public final class ConnectionFailedException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message details
   * @param cause the I/O failure
   */
  public ConnectionFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
