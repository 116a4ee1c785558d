package dev.microevent.commerce;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in minor units (cents) of a currency. Immutable and thread-safe.
 *
 * @param minorUnits the amount in minor units, 0 or more
 * @param currency the currency
 */
public record Money(long minorUnits, Currency currency) {

  /**
   * Validates the amount.
   *
   * @param minorUnits the amount in minor units, 0 or more
   * @param currency the currency
   * @throws IllegalArgumentException if {@code minorUnits} is negative
   */
  public Money {
    Objects.requireNonNull(currency, "currency");
    if (minorUnits < 0) {
      throw new IllegalArgumentException("money cannot be negative, got " + minorUnits);
    }
  }

  /**
   * Money from minor units and an ISO 4217 code.
   *
   * @param minorUnits e.g. 4500 for 45.00
   * @param currencyCode e.g. {@code EUR}
   * @return the amount
   * @throws IllegalArgumentException for an unknown currency code
   */
  public static Money of(long minorUnits, String currencyCode) {
    Objects.requireNonNull(currencyCode, "currencyCode");
    return new Money(minorUnits, Currency.getInstance(currencyCode));
  }

  /**
   * This amount times a quantity.
   *
   * @param quantity 0 or more
   * @return the product
   */
  public Money times(int quantity) {
    return new Money(Math.multiplyExact(minorUnits, (long) quantity), currency);
  }

  @Override
  public String toString() {
    return minorUnits + " " + currency.getCurrencyCode() + " (minor units)";
  }
}
