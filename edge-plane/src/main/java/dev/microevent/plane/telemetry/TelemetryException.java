package dev.microevent.plane.telemetry;

import dev.microevent.plane.PlaneException;
import org.jspecify.annotations.Nullable;

/**
 * Telemetry could not be taken, kept, uploaded or read: bad OTLP input, an unusable spool
 * directory, an object store that refused or could not be reached. The message says what and what
 * to do next; it never holds credentials.
 */
public class TelemetryException extends PlaneException {
  private static final long serialVersionUID = 1L;

  /** Whether trying again later may succeed (e.g. the store was unreachable). */
  private final boolean retryable;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   * @param retryable whether trying again later may succeed (e.g. the store was unreachable)
   */
  public TelemetryException(String message, @Nullable Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
