package dev.microevent.plane.vendor;

import org.jspecify.annotations.Nullable;

/** A page, the login or the whole scrape took longer than allowed; the browser was stopped. Retryable. */
public final class ConsoleTimeoutException extends ConsoleException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param console the console's name
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  public ConsoleTimeoutException(String console, String message, @Nullable Throwable cause) {
    super(console, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.TIMEOUT;
  }
}
