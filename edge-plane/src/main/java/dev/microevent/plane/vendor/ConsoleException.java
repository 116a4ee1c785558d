package dev.microevent.plane.vendor;

import dev.microevent.plane.PlaneException;
import org.jspecify.annotations.Nullable;

/**
 * A vendor console could not be read. The leaves say why: {@link ConsoleLoginException}, {@link
 * ConsoleLayoutException}, {@link ConsoleTimeoutException}, {@link ConsoleBrowserException}.
 * Messages name the console, the step and the selector, never the credentials.
 */
public abstract class ConsoleException extends PlaneException {
  private static final long serialVersionUID = 1L;

  /** Why a scrape failed, as the {@code result} tag of {@code microevent.vendor.scrapes}. */
  public enum Kind {
    /** The console refused the credentials. */
    LOGIN_FAILED,
    /** A selector no longer matches (the vendor changed the layout). */
    LAYOUT_CHANGED,
    /** A page, the login or the whole scrape took longer than allowed. */
    TIMEOUT,
    /** The browser could not be started or died. */
    BROWSER_FAILED;

    /** {@return the tag value: lower case} */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The console's name, as the message names it. */
  private final String console;

  /**
   * Creates the exception.
   *
   * @param console the console's name
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  protected ConsoleException(String console, String message, @Nullable Throwable cause) {
    super("vendor console '" + console + "': " + message, cause);
    this.console = console;
  }

  /** {@return the console's name} */
  public String console() {
    return console;
  }

  /**
   * Why the scrape failed.
   *
   * @return why the scrape failed
   */
  public abstract Kind kind();

  @Override
  public boolean isRetryable() {
    return kind() != Kind.LAYOUT_CHANGED && kind() != Kind.LOGIN_FAILED;
  }
}
