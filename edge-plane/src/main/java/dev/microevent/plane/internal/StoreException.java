package dev.microevent.plane.internal;

import dev.microevent.plane.PlaneException;

/** The state store could not be read or written; callers answer 503 and lose nothing acknowledged. */
public final class StoreException extends PlaneException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the store client's failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
