package dev.microevent.commerce;

import dev.microevent.commerce.shield.ShieldStats;
import dev.microevent.core.internal.ReasonText;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One snapshot of the commerce client for dashboards and demos: cache share, checkout outcomes,
 * probe runs and bot-shield decisions. Immutable and thread-safe.
 *
 * @param at when it was taken, on the client's clock
 * @param cache the read cache
 * @param checkouts checkout answers
 * @param probes probe runs
 * @param lastProbe the latest probe run, or {@code null}
 * @param shield bot-shield decisions
 */
public record CommerceSummary(
    Instant at,
    ReadCacheStats cache,
    CheckoutStats checkouts,
    ProbeStats probes,
    @Nullable ProbeResult lastProbe,
    ShieldStats shield) {

  /**
   * Checks the components.
   *
   * @param at when it was taken, on the client's clock
   * @param cache the read cache
   * @param checkouts checkout answers
   * @param probes probe runs
   * @param lastProbe the latest probe run, or {@code null}
   * @param shield bot-shield decisions
   */
  public CommerceSummary {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(checkouts, "checkouts");
    Objects.requireNonNull(probes, "probes");
    Objects.requireNonNull(shield, "shield");
  }

  /**
   * The latest probe run, if any.
   *
   * @return {@link #lastProbe()}, or empty before the first run
   */
  public Optional<ProbeResult> latestProbe() {
    return Optional.ofNullable(lastProbe);
  }

  /**
   * Several lines for a terminal or a log. The cache's local share and its target are printed with as
   * many decimals as it takes to tell them apart, so the line never reads "97.0% (target 97%, not met)".
   *
   * @return the snapshot as text, one line per part, no trailing line break
   */
  public String describe() {
    return String.format(java.util.Locale.ROOT,
        "at %s%n  cache: %s; %d steered, stalest answer %d ms, "
            + "%d backend loads%n"
            + "  checkouts: %d paid, %d failed, %d unknown, %d resumed, %d pending%n"
            + "  probes: %d passed, %d failed, %d paused%s%n"
            + "  shield: %d allowed, %d limited, %d challenges, %d solutions accepted, %d rejected, %d admitted",
        at, describeShare(cache), cache.steered(), cache.maxServedStaleness().toMillis(), cache.backendLoads(),
        checkouts.paid(), checkouts.failed(), checkouts.unknown(), checkouts.resumed(), checkouts.pending(),
        probes.passed(), probes.failed(), probes.paused(),
        lastProbe == null ? "" : ", last " + lastProbe.outcome() + " in " + lastProbe.duration().toMillis() + " ms",
        shield.allowed(), shield.limited(), shield.challengesIssued(), shield.solutionsAccepted(),
        shield.solutionsRejected(), shield.admitted());
  }

  /** "1000 reads, local share 96.96% &lt; 97.00% (target not met)", or "no reads (target 97.0%)". */
  private static String describeShare(ReadCacheStats cache) {
    if (cache.reads() == 0) {
      return String.format(java.util.Locale.ROOT, "no reads (target %.1f%%)", cache.localReadTarget() * 100);
    }
    boolean met = cache.targetMet();
    return cache.reads() + " reads, local share "
        + ReasonText.compare(cache.localShare() * 100, met ? ">=" : "<", cache.localReadTarget() * 100, 1, "%")
        + (met ? " (target met)" : " (target not met)");
  }
}
