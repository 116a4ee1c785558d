package dev.microevent.commerce;

import dev.microevent.core.SdkClientException;
import org.jspecify.annotations.Nullable;

/**
 * The checkout journal (a local SQLite file) could not be opened, read or written, or was closed.
 * Checkouts stop rather than risk a payment whose key would not survive a restart. The message
 * says what happened and what to do (fix permissions or disk space and retry; reopen the client).
 * {@link CheckoutJournalInUseException} is the case of a journal another client holds open.
 */
public class CheckoutJournalException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   * @param cause the storage error
   */
  public CheckoutJournalException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
