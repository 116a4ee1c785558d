package dev.microevent.matter;

import dev.microevent.core.SdkClientException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An onboarding payload (QR code, manual pairing code or their TLV data) could not be used. Two
 * kinds: {@link MalformedPayloadException} (the text is not a well-formed code: rescan or retype
 * it) and {@link InvalidPayloadException} (it decodes, but a field breaks the specification's
 * rules: no controller will commission it). {@link #problem()} says exactly what is wrong.
 *
 * <p>Messages never contain the passcode.
 */
public abstract sealed class PayloadException extends SdkClientException
    permits MalformedPayloadException, InvalidPayloadException {
  private static final long serialVersionUID = 1L;
  /** What is wrong with the payload. */
  private final PayloadProblem problem;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong
   * @param message what happened and what to do next; never the passcode
   * @param cause the underlying failure, if any
   */
  protected PayloadException(PayloadProblem problem, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /**
   * What is wrong.
   *
   * @return the problem
   */
  public PayloadProblem problem() {
    return problem;
  }
}
