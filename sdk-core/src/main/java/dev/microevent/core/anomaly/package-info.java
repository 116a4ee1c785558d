/**
 * Streaming anomaly detection per route: EWMA baselines of latency and error rate with a z-score
 * threshold, parameters pushed from the edge plane's config.
 */
@NullMarked
package dev.microevent.core.anomaly;

import org.jspecify.annotations.NullMarked;
