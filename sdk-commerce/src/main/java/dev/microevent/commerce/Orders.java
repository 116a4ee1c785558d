package dev.microevent.commerce;

/**
 * Order status. Reached through {@link CommerceClient#orders()}.
 *
 * <p>Thread-safe.
 */
public interface Orders {

  /**
   * Reads an order (never cached: status must be current).
   *
   * @param orderId the order
   * @return it
   * @throws dev.microevent.core.HttpServiceException 404 if there is no such order
   */
  Order get(OrderId orderId);
}
