package dev.microevent.commerce.shield;

/**
 * Counts of bot-shield decisions since the client started. Immutable and thread-safe.
 *
 * @param allowed requests that passed the rate limits
 * @param limited requests refused by a rate limit
 * @param challengesIssued proof-of-work challenges issued
 * @param solutionsAccepted solutions that verified
 * @param solutionsRejected solutions refused (malformed, forged, wrong, expired or replayed)
 * @param admitted admission tokens issued by drop queues
 */
public record ShieldStats(long allowed, long limited, long challengesIssued, long solutionsAccepted,
    long solutionsRejected, long admitted) {}
