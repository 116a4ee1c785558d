package dev.microevent.matter;

/**
 * The node is not reachable now (code 3 NodeNotReady, code 4 NodeNotResolving): it is offline, rebooting or not yet resolved.
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterNodeUnavailableException extends MatterServerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param command the command that failed
   * @param wireCode the {@code error_code} as sent
   * @param details the server's details, or empty
   * @param source the controller that answered: its URL
   */
  public MatterNodeUnavailableException(String command, long wireCode, String details, String source) {
    super(command, wireCode, details, source, "the node may come back; retry later");
  }
}
