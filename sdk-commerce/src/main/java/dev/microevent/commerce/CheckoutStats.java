package dev.microevent.commerce;

/**
 * Counts of checkout answers given by one client since it started. Immutable and thread-safe.
 *
 * @param paid answers {@link CheckoutOutcome#PAID}
 * @param failed answers {@link CheckoutOutcome#FAILED}
 * @param unknown answers {@link CheckoutOutcome#UNKNOWN}
 * @param resumed submits that reused the key of an earlier, unknown checkout
 * @param pending checkouts in the journal whose outcome is unknown now
 */
public record CheckoutStats(long paid, long failed, long unknown, long resumed, int pending) {}
