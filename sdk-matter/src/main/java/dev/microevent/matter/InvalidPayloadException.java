package dev.microevent.matter;

/**
 * The payload decodes, but a field breaks the specification's rules (a banned or out-of-range
 * passcode, a reserved vendor id, a reserved commissioning flow, ...): no controller will
 * commission it, so retrying does not help. Also thrown when an app builds such a payload.
 * Immutable.
 */
public final class InvalidPayloadException extends PayloadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong
   * @param message what happened and what to do next; never the passcode
   */
  public InvalidPayloadException(PayloadProblem problem, String message) {
    super(problem, message, null);
  }
}
