package dev.microevent.commerce;

import dev.microevent.core.SdkClientException;
import org.jspecify.annotations.Nullable;

/**
 * The checkout journal (a local SQLite file) could not be read or written. Checkouts stop rather
 * than risk a payment whose key would not survive a restart; fix the file (permissions, disk
 * space) and retry.
 */
public final class CheckoutJournalException extends SdkClientException {
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
