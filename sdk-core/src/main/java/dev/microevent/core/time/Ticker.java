package dev.microevent.core.time;

/**
 * A monotonic source of nanoseconds, as Caffeine's {@code Ticker}: only the difference between two
 * readings means anything, never a reading alone. The client measures every duration with one
 * (deadlines, waits, token refills, breaker windows, timings), so a test that hands the builder a
 * {@link VirtualTime} runs all of them on virtual time.
 *
 * <p>Implementations must be thread-safe and cheap: the client reads its ticker several times per
 * call.
 *
 * @see dev.microevent.core.MicroEventClient.Builder#ticker(Ticker)
 */
@FunctionalInterface
public interface Ticker {

  /**
   * The current reading.
   *
   * @return nanoseconds since an arbitrary origin; never smaller than an earlier reading
   */
  long read();

  /**
   * The system's monotonic clock, the one place the SDK reads {@code System.nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
