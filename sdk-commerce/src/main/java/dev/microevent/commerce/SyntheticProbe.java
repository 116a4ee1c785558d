package dev.microevent.commerce;

import dev.microevent.core.Subscription;
import java.util.Optional;

/**
 * The synthetic checkout probe: a full buy flow against a probe product, every {@link
 * ProbeConfig#interval()} with jitter, on the shared scheduler. Every call is marked synthetic on
 * the wire ({@code X-Microevent-Synthetic: probe}, and {@code "synthetic": true} in the checkout)
 * so backends never fulfil or charge it. Its checkout goes through the core client as {@link
 * dev.microevent.core.Intent#PAYMENT}, so a failing step shows in the PAYMENT metrics and error
 * budget like a real failed payment. It pauses itself while the service mode is CRITICAL_ONLY.
 * Reached through {@link CommerceClient#probes()}.
 *
 * <pre>{@code
 * commerce.probes().addListener(r -> dashboard.show(r));
 * commerce.probes().start();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface SyntheticProbe {

  /** Starts running on the scheduler (first run after one jittered interval). Idempotent. */
  void start();

  /** Stops running. Idempotent. */
  void stop();

  /** {@return whether it is scheduled} */
  boolean running();

  /**
   * Runs one buy flow now, on the calling thread (still paused in CRITICAL_ONLY).
   *
   * @return what happened
   */
  ProbeResult runOnce();

  /** {@return the latest run, if any} */
  Optional<ProbeResult> lastResult();

  /**
   * Counts of runs so far.
   *
   * @return how many runs passed, failed and were paused so far
   */
  ProbeStats stats();

  /**
   * Adds a listener for every run.
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  Subscription addListener(ProbeListener listener);

  /**
   * {@return the configuration in force: the builder's, with what the {@code probes} section of the
   * plane's config document sets laid over it (see docs/commerce.md, "Steered from the plane")}
   */
  ProbeConfig config();
}
