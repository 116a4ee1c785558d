package dev.microevent.matter;

/**
 * No node with that id on this server (code 5).
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterNodeNotFoundException extends MatterServerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param command the command that failed
   * @param wireCode the {@code error_code} as sent
   * @param details the server's details, or empty
   * @param source the controller that answered: its URL
   */
  public MatterNodeNotFoundException(String command, long wireCode, String details, String source) {
    super(command, wireCode, details, source, "refresh the node list");
  }
}
