package dev.microevent.matter;

import java.time.Duration;

/**
 * No answer came before the command's deadline (waiting for a connection included). The server may
 * still carry the command out: the WebSocket API cannot cancel one.
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterTimeoutException extends MatterException {
  private static final long serialVersionUID = 1L;
  /** The deadline that passed. */
  private final Duration deadline;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param deadline the deadline that passed
   */
  public MatterTimeoutException(String message, Duration deadline) {
    super(message, null);
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
