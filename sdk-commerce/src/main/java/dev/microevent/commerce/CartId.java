package dev.microevent.commerce;

import dev.microevent.commerce.internal.Ids;
import java.util.Objects;
import java.util.Random;

/**
 * A cart's id. The client chooses it (so opening a cart is a repeatable {@code PUT}); one cart is
 * one logical checkout: submitting the same cart twice never charges twice. Immutable and
 * thread-safe.
 *
 * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
 */
public record CartId(String value) {

  /**
   * Validates the value.
   *
   * @param value 1..64 characters of {@code [A-Za-z0-9._-]}
   */
  public CartId {
    Ids.check(value, "cartId");
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the typed id
   */
  public static CartId of(String value) {
    return new CartId(value);
  }

  /**
   * A fresh random id ({@code cart-} and 24 hex digits).
   *
   * @param random the randomness source
   * @return a new id
   */
  public static CartId random(Random random) {
    Objects.requireNonNull(random, "random");
    return new CartId(String.format(java.util.Locale.ROOT, "cart-%08x%016x", random.nextInt(), random.nextLong()));
  }

  @Override
  public String toString() {
    return value;
  }
}
