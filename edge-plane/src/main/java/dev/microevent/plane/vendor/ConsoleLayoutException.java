package dev.microevent.plane.vendor;

import org.jspecify.annotations.Nullable;

/**
 * A selector of the console's spec no longer matches, or matches something that does not read as
 * a number: the vendor changed the layout. Update the {@link ConsoleSpec}; retrying does not help.
 */
public final class ConsoleLayoutException extends ConsoleException {
  private static final long serialVersionUID = 1L;

  /** What the selector was for: a value's name, or a login form part. */
  private final String item;

  /** The CSS selector that no longer matches. */
  private final String selector;

  /**
   * Creates the exception.
   *
   * @param console the console's name
   * @param item what the selector was for (a value's name, or a login form part)
   * @param selector the CSS selector that no longer matches
   * @param message what happened
   * @param cause the underlying failure, if any
   */
  public ConsoleLayoutException(String console, String item, String selector, String message,
      @Nullable Throwable cause) {
    super(console, message, cause);
    this.item = item;
    this.selector = selector;
  }

  /** {@return what the selector was for: a value's name, or {@code login.username} etc} */
  public String item() {
    return item;
  }

  /** {@return the selector that no longer matches} */
  public String selector() {
    return selector;
  }

  @Override
  public Kind kind() {
    return Kind.LAYOUT_CHANGED;
  }
}
