package dev.microevent.core.oracle;

import java.util.Objects;

/**
 * A local model's answer.
 *
 * @param value the answer
 * @param confidence how sure the model is, 0 to 1
 */
public record LocalAnswer(String value, double confidence) {

  /**
   * Validates the components.
   *
   * @param value the answer
   * @param confidence how sure the model is, 0 to 1
   * @throws IllegalArgumentException if {@code confidence} is outside 0..1
   */
  public LocalAnswer {
    Objects.requireNonNull(value, "value");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
    }
  }
}
