package dev.microevent.commerce.shield.internal;

import dev.microevent.commerce.shield.RateRule;

/**
 * The token-bucket arithmetic, the same in memory and in the Redis script: a bucket starts full,
 * refills at {@code permits / period} up to {@code burst}, and a take needs one whole token.
 * Time never runs backwards for a bucket (another instance's clock may be behind). The bucket
 * keeps the rule of its latest take, so its owner needs no second map to know it.
 */
final class TokenBucket {
  double tokens;
  long lastMillis;
  private RateRule rule;

  TokenBucket(RateRule rule, long nowMillis) {
    this.rule = rule;
    this.tokens = rule.burst();
    this.lastMillis = nowMillis;
  }

  /** Refills up to now under the rule of this take, which the bucket keeps from then on. */
  void refill(RateRule rule, long nowMillis) {
    this.rule = rule;
    if (nowMillis > lastMillis) {
      tokens = Math.min(rule.burst(), tokens + (nowMillis - lastMillis) * rule.ratePerMilli());
      lastMillis = nowMillis;
    }
  }

  /** Whether the bucket has refilled completely by then (so forgetting it changes nothing). */
  boolean fullAt(long nowMillis) {
    return tokens + Math.max(0, nowMillis - lastMillis) * rule.ratePerMilli() >= rule.burst();
  }

  /** Milliseconds until one whole token is back. */
  long millisUntilToken() {
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rule.ratePerMilli());
  }
}
