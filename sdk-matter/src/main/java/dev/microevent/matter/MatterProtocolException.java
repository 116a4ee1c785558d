package dev.microevent.matter;

import org.jspecify.annotations.Nullable;

/**
 * The server's answer did not follow the protocol (not JSON, or a result of the wrong shape for its
 * command). The message names what was wrong, never the whole answer.
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterProtocolException extends MatterException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong
   * @param cause the parser's failure, if any
   */
  public MatterProtocolException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
