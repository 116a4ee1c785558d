package dev.microevent.core;

/**
 * A registration that ends when closed. Closing twice is harmless.
 *
 * <pre>{@code
 * try (Subscription s = client.modes().addListener(change -> pauseAnalytics(change.to()))) {
 *   runTheEvent();
 * }
 * }</pre>
 */
public interface Subscription extends AutoCloseable {
  /** Ends the registration; idempotent, never throws. */
  @Override
  void close();
}
