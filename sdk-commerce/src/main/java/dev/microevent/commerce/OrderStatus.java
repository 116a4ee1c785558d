package dev.microevent.commerce;

/** Where an order stands. This enum is immutable and thread-safe. */
public enum OrderStatus {
  /** The payment was captured (or, for a synthetic probe order, accepted without a charge). */
  PAID,
  /** The payment was declined; nothing was charged. */
  DECLINED
}
