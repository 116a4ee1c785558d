package dev.microevent.matter;

/**
 * Commissioning failed (code 1) or the interview after it (code 2).
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterCommissioningException extends MatterServerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param command the command that failed
   * @param wireCode the {@code error_code} as sent
   * @param details the server's details, or empty
   * @param source the controller that answered: its URL
   */
  public MatterCommissioningException(String command, long wireCode, String details, String source) {
    super(command, wireCode, details, source, "check that the device is in pairing mode, on the controller's network, and that the code is its own");
  }
}
