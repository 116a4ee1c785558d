package dev.microevent.plane;

import dev.microevent.core.SdkException;
import org.jspecify.annotations.Nullable;

/**
 * The plane could not do what it was asked: start (port taken, Redis unreachable, a bad key file or
 * config document), rotate its key, or read or write its state. The message says what and what to
 * do next; it never holds key material or tokens.
 */
public class PlaneException extends SdkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  public PlaneException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
