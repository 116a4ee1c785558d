package dev.microevent.plane.internal;

import dev.microevent.plane.PlaneException;
import org.jspecify.annotations.Nullable;

/**
 * The state store could not be read or written, or holds what this plane cannot read; callers
 * answer 503 and lose nothing acknowledged.
 */
public final class StoreException extends PlaneException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the store client's failure, or null when the store answered with what the plane
   *     cannot read
   */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
