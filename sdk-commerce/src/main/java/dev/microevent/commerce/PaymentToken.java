package dev.microevent.commerce;

import java.util.Objects;

/**
 * The payment provider's single-use token for the buyer's payment method (never card data).
 * Its value never appears in {@code toString()}, logs or exception messages. Immutable and
 * thread-safe.
 */
public final class PaymentToken {
  private final String value;

  private PaymentToken(String value) {
    this.value = value;
  }

  /**
   * Wraps a token.
   *
   * @param value 1..255 printable characters
   * @return the token
   */
  public static PaymentToken of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > 255 || !value.chars().allMatch(c -> c >= ' ' && c != 127)) {
      throw new IllegalArgumentException("a payment token must be 1..255 printable characters");
    }
    return new PaymentToken(value);
  }

  /** {@return the token itself, for the wire} */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaymentToken t && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Redacted. */
  @Override
  public String toString() {
    return "PaymentToken[redacted]";
  }
}
