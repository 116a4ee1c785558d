package dev.microevent.commerce.shield;

import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.DropId;

/**
 * Bot mitigation for drops: per-client and global rate limits (token buckets in a {@link
 * ShieldStore}, shared by every app instance when the store is Redis), proof-of-work challenges in
 * the ALTCHA format (HMAC-signed, expiring, single-use), and fair drop queues with signed, ordered
 * admission tokens. Reached through {@link CommerceClient#botShield()}.
 *
 * <pre>{@code
 * RateDecision d = commerce.botShield().tryAcquire(ClientKey.of(accountId));
 * if (!d.allowed()) return tooManyRequests(d.retryAfter());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface BotShield {

  /**
   * Takes one token from the client's bucket and from the global bucket, both or neither.
   *
   * @param client who asks
   * @return allowed, or which limit refused and when to retry
   * @throws dev.microevent.core.SdkClientException if the store cannot be reached
   */
  RateDecision tryAcquire(ClientKey client);

  /**
   * Issues a proof-of-work challenge.
   *
   * @return the challenge, to send to the client
   */
  PowChallenge issueChallenge();

  /**
   * Checks a solution; a valid solution is used up, so a replay is refused.
   *
   * @param payload the client's base64 payload (at most 4 KiB)
   * @return the verdict; never throws for bad input
   */
  PowVerdict verifySolution(String payload);

  /**
   * The queue of a drop, created on first use.
   *
   * @param drop the drop
   * @return its queue
   */
  DropQueue queue(DropId drop);

  /** {@return the counts of decisions so far} */
  ShieldStats stats();
}
