package dev.microevent.testkit;

import dev.microevent.core.SdkException;
import org.jspecify.annotations.Nullable;

/**
 * Root of the testkit's own failures: a fake that cannot bind its port, a report that cannot be
 * written, a value that cannot be mapped to JSON. Unchecked. I/O and JSON library exceptions
 * are wrapped as the cause, never thrown as they are.
 */
public class TestkitException extends SdkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  public TestkitException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
