package dev.microevent.commerce;

/** The steps of one synthetic buy flow, in order. This enum is immutable and thread-safe. */
public enum ProbeStep {
  /** Read the probe product (bypassing the cache: the probe tests the path, not the cache). */
  PRODUCT,
  /** Read its stock. */
  INVENTORY,
  /** Open a fresh cart and put the product in it. */
  CART,
  /** Check it out (PAYMENT intent, marked synthetic: never charged or fulfilled). */
  CHECKOUT,
  /** Read the order's status. */
  ORDER_STATUS;

  /** {@return the metric tag value: lower case} */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
