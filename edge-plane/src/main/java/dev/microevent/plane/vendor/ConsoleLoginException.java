package dev.microevent.plane.vendor;

import org.jspecify.annotations.Nullable;

/** The console refused the credentials (or showed its login error). Fix the credentials; a retry with the same ones fails again. */
public final class ConsoleLoginException extends ConsoleException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param console the console's name
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  public ConsoleLoginException(String console, String message, @Nullable Throwable cause) {
    super(console, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.LOGIN_FAILED;
  }
}
