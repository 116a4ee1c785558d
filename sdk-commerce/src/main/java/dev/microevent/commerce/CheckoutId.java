package dev.microevent.commerce;

import java.util.Objects;

/**
 * One logical checkout: its value is the {@code Idempotency-Key} every attempt of that checkout
 * carries, across retries, failover and app restarts. Immutable and thread-safe.
 *
 * @param value the key, 1..255 printable ASCII characters without quotes or backslashes
 */
public record CheckoutId(String value) {

  /**
   * Validates the value.
   *
   * @param value the key, 1..255 printable ASCII characters without quotes or backslashes
   * @throws IllegalArgumentException if {@code value} is not 1..255 printable ASCII characters
   *     without quotes or backslashes
   */
  public CheckoutId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > 255
        || !value.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\\')) {
      throw new IllegalArgumentException(
          "a checkout id must be 1..255 printable ASCII characters without quotes or backslashes");
    }
  }

  /**
   * The key as an RFC 8941 sf-string, the form the {@code Idempotency-Key} header carries.
   *
   * @return the quoted key
   */
  public String headerValue() {
    return "\"" + value + "\"";
  }

  @Override
  public String toString() {
    return value;
  }
}
