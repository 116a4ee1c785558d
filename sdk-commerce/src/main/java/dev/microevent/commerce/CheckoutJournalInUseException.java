package dev.microevent.commerce;

/**
 * The checkout journal file is already open in another {@link CommerceClient}, in this process or
 * in another app instance. A journal has one owner at a time: two clients on one file could each
 * start the same cart's checkout under a different key and charge it twice. Close the other client
 * (or wait for the old app instance to exit) before opening the journal again, or give each app
 * instance its own journal file. Nothing was sent.
 */
public final class CheckoutJournalInUseException extends CheckoutJournalException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is locked and what to do
   */
  public CheckoutJournalInUseException(String message) {
    super(message, null);
  }
}
