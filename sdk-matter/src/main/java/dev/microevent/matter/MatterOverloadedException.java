package dev.microevent.matter;

/**
 * Too many commands are waiting for an answer already ({@link MatterClient.Builder#maxPendingCommands}):
 * the command was not sent. Slow down, or wait for the connection to come back.
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterOverloadedException extends MatterException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   */
  public MatterOverloadedException(String message) {
    super(message, null);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
