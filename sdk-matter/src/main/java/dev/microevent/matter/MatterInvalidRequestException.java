package dev.microevent.matter;

/**
 * The server refused the command itself (code 8 InvalidArguments, 9 InvalidCommand, 6 VersionMismatch): an older server or a bad argument.
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterInvalidRequestException extends MatterServerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param command the command that failed
   * @param wireCode the {@code error_code} as sent
   * @param details the server's details, or empty
   * @param source the controller that answered: its URL
   */
  public MatterInvalidRequestException(String command, long wireCode, String details, String source) {
    super(command, wireCode, details, source, "check the server's schema version and the arguments");
  }
}
