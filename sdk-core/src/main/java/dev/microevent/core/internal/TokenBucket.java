package dev.microevent.core.internal;

import dev.microevent.core.time.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket on a {@link Ticker}: it starts full, a take needs one whole token, and tokens come
 * back in one of two ways.
 *
 * <ul>
 *   <li>{@link #smooth smooth}: continuously, {@code permits} per {@code period}, up to the
 *       capacity (the failover gate's per-second cap; a bot shield's rate rule);
 *   <li>{@link #bursty bursty}: all at once at the start of every period, counted from the
 *       bucket's creation, unused ones not carried over (an intent's {@link
 *       dev.microevent.core.RateLimit}: "at most N calls start per period").
 * </ul>
 *
 * <p>A ticker that goes backwards (a clock set back) refills nothing until it passes its latest
 * reading again. Thread-safe. For the client and the SDK's modules, not for apps.
 */
public final class TokenBucket {
  private final Ticker ticker;
  private final double capacity;
  private final double permits;
  private final long periodNanos;
  private final boolean bursty;
  private final long origin;
  private double tokens;
  /** Smooth: the latest refill's reading. Bursty: the current period's number. */
  private long mark;

  private TokenBucket(Ticker ticker, double capacity, double permits, Duration period, boolean bursty) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(period, "period");
    if (!(capacity >= 1) || !(permits > 0) || !(period.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException(
          "need capacity >= 1, permits > 0 and a positive period, got " + capacity + ", " + permits + ", " + period);
    }
    this.capacity = capacity;
    this.permits = permits;
    this.periodNanos = Backoff.nanos(period);
    this.bursty = bursty;
    this.origin = ticker.read();
    this.tokens = capacity;
    this.mark = bursty ? 0 : origin;
  }

  /**
   * A bucket refilled continuously.
   *
   * @param capacity most tokens held, at least 1 (the burst)
   * @param permits tokens added per period
   * @param period the period
   * @param ticker the time
   * @return a full bucket
   */
  public static TokenBucket smooth(double capacity, double permits, Duration period, Ticker ticker) {
    return new TokenBucket(ticker, capacity, permits, period, false);
  }

  /**
   * A bucket refilled to {@code permits} at the start of every period.
   *
   * @param permits tokens per period, at least 1
   * @param period the period
   * @param ticker the time
   * @return a full bucket
   */
  public static TokenBucket bursty(long permits, Duration period, Ticker ticker) {
    return new TokenBucket(ticker, permits, permits, period, true);
  }

  /**
   * Takes one token if there is one.
   *
   * @return whether a token was taken
   */
  public boolean tryTake() {
    return tryTake(0);
  }

  /**
   * Takes one token if at least {@code keep} remain after it (a reserve kept for others).
   *
   * @param keep tokens that must stay in the bucket, {@code >= 0}
   * @return whether a token was taken
   */
  public synchronized boolean tryTake(double keep) {
    refill();
    if (tokens - 1 < keep) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /**
   * The tokens in the bucket now.
   *
   * @return between 0 and the capacity
   */
  public synchronized double available() {
    refill();
    return tokens;
  }

  /**
   * How long until a take would succeed.
   *
   * @return nanoseconds, 0 when a token is there now
   */
  public synchronized long nanosUntilToken() {
    refill();
    if (tokens >= 1) {
      return 0;
    }
    if (bursty) {
      long elapsed = ticker.read() - origin;
      return Math.max(0, (mark + 1) * periodNanos - elapsed);
    }
    return (long) Math.ceil((1 - tokens) * periodNanos / permits);
  }

  private void refill() {
    long now = ticker.read();
    if (bursty) {
      long cycle = Math.max(0, now - origin) / periodNanos;
      if (cycle > mark) {
        mark = cycle;
        tokens = capacity;
      }
      return;
    }
    long elapsed = now - mark;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * permits / periodNanos);
      mark = now;
    }
  }

  @Override
  public synchronized String toString() {
    return "TokenBucket{" + (bursty ? "bursty " : "smooth ") + tokens + "/" + capacity + ", " + permits + " per "
        + Duration.ofNanos(periodNanos) + "}";
  }
}
