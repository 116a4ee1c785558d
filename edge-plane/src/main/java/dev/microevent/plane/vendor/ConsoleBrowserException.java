package dev.microevent.plane.vendor;

import org.jspecify.annotations.Nullable;

/** The headless browser could not be started or died (missing chromium or chromedriver, no memory). Retryable once the host is fixed. */
public final class ConsoleBrowserException extends ConsoleException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param console the console's name
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  public ConsoleBrowserException(String console, String message, @Nullable Throwable cause) {
    super(console, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.BROWSER_FAILED;
  }
}
