package dev.microevent.commerce.tickets;

import dev.microevent.core.SdkClientException;
import org.jspecify.annotations.Nullable;

/**
 * A ticket API was called with a value it cannot use: an identifier outside its character set, a
 * key of the wrong size or not on the curve, a ticket that does not fit in a frame, a builder
 * missing a required part. The message names the value and the rule. Scans never throw this: a
 * bad scan is a {@link Verdict}.
 */
public class TicketException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what to do instead
   * @param cause the underlying failure, if any
   */
  public TicketException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
