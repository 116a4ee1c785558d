package dev.microevent.matter;

/**
 * The text is not a well-formed QR code or manual pairing code (wrong prefix, a character
 * outside the alphabet, a wrong length, a bad check digit, broken TLV data, too long). Rescanning
 * or retyping usually helps. Immutable.
 */
public final class MalformedPayloadException extends PayloadException {
  private static final long serialVersionUID = 1L;
  /** The index in the input (characters of the text, or bytes of TLV data) where the problem was found. */
  private final int position;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong
   * @param message what happened and what to do next; never the passcode
   * @param position the index in the input (characters of the text, or bytes of TLV data) where
   *     the problem was found, or -1 when it is not about one place
   */
  public MalformedPayloadException(PayloadProblem problem, String message, int position) {
    super(problem, message, null);
    this.position = Math.max(-1, position);
  }

  /**
   * Where in the input the problem was found: a character index of the text as given (a byte
   * index for TLV data), or -1 when it is not about one place (for example a wrong length).
   *
   * @return the index, or -1
   */
  public int position() {
    return position;
  }
}
