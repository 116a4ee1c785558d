package dev.microevent.power;

import org.jspecify.annotations.Nullable;

/**
 * A power source answered something that breaks its protocol: a malformed NUT line, an
 * oversized or truncated apcupsd frame. The connection is dropped and opened again on the next
 * read.
 *
 * <p>Immutable and thread-safe.
 */
public class PowerProtocolException extends PowerSourceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong (with a bounded, sanitized excerpt) and what to check
   * @param cause the underlying failure, if any
   */
  public PowerProtocolException(String message, @Nullable Throwable cause) {
    super(message, cause, false, true);
  }
}
