package dev.microevent.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The call's deadline passed; the in-flight HTTP exchange was cancelled. */
public final class DeadlineExceededException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  /** The deadline that passed. */
  private final Duration deadline;

  /**
   * Creates the exception.
   *
   * @param message details
   * @param deadline the deadline that passed
   * @param cause the underlying failure, if any
   */
  public DeadlineExceededException(String message, Duration deadline, @Nullable Throwable cause) {
    super(message, cause);
    this.deadline = deadline;
  }

  /** {@return the deadline that passed} */
  public Duration deadline() {
    return deadline;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
