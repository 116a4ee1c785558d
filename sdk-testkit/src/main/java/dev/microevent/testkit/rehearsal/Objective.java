package dev.microevent.testkit.rehearsal;

import dev.microevent.core.Intent;
import dev.microevent.core.budget.Slo;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one intent must achieve in a rehearsal: an availability {@link Slo} (sdk-core's; its error
 * budget is {@code 1 - target}) and optionally a latency objective at a percentile, measured from
 * each call's intended start.
 *
 * <pre>{@code
 * Objective.of(Intent.PAYMENT, Slo.percent(99.9)).withLatency(99, Duration.ofMillis(800));
 * }</pre>
 *
 * <p>Which calls count against the budget follows sdk-core's error budgets: successes are good;
 * server errors, timeouts, connection failures, no route and local rejections are bad; client
 * errors (4xx) and calls shed on purpose by the service mode are not eligible.
 *
 * @param intent the intent
 * @param slo the share of eligible calls that must succeed
 * @param latencyPercentile the percentile the latency objective is on (50, 90, 99 or 99.9), or 0
 *     for none
 * @param latencyThreshold the most that percentile may be, or {@code null} for none
 */
public record Objective(Intent intent, Slo slo, double latencyPercentile, @Nullable Duration latencyThreshold) {

  /**
   * Validates every component.
   *
   * @param intent the intent
   * @param slo the share of eligible calls that must succeed
   * @param latencyPercentile the percentile the latency objective is on (50, 90, 99 or 99.9), or 0
   *     for none
   * @param latencyThreshold the most that percentile may be, or {@code null} for none
   * @throws IllegalArgumentException if a latency percentile comes without a threshold, the
   *     percentile is not 50, 90, 99 or 99.9, or the threshold is not positive
   */
  public Objective {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(slo, "slo");
    if (latencyThreshold == null) {
      if (latencyPercentile != 0) {
        throw new IllegalArgumentException("a latency percentile needs a threshold");
      }
    } else {
      if (!(latencyPercentile == 50 || latencyPercentile == 90 || latencyPercentile == 99
          || latencyPercentile == 99.9)) {
        throw new IllegalArgumentException("latency percentile must be 50, 90, 99 or 99.9, got " + latencyPercentile);
      }
      if (!(latencyThreshold.compareTo(Duration.ZERO) > 0)) {
        throw new IllegalArgumentException("latency threshold must be positive, got " + latencyThreshold);
      }
    }
  }

  /**
   * An availability objective without a latency objective.
   *
   * @param intent the intent
   * @param slo e.g. {@code Slo.percent(99.9)}
   * @return the objective
   */
  public static Objective of(Intent intent, Slo slo) {
    return new Objective(intent, slo, 0, null);
  }

  /**
   * A copy with a latency objective.
   *
   * @param percentile 50, 90, 99 or 99.9
   * @param threshold the most that percentile may be
   * @return the copy
   */
  public Objective withLatency(double percentile, Duration threshold) {
    return new Objective(intent, slo, percentile, Objects.requireNonNull(threshold, "threshold"));
  }

  /** {@return the latency threshold, if there is a latency objective} */
  public Optional<Duration> latency() {
    return Optional.ofNullable(latencyThreshold);
  }

  @Override
  public String toString() {
    return intent + " " + (slo.target() * 100) + "%"
        + (latencyThreshold == null ? "" : ", p" + fmt(latencyPercentile) + " <= " + latencyThreshold.toMillis() + " ms");
  }

  static String fmt(double percentile) {
    return percentile == Math.rint(percentile) ? String.valueOf((long) percentile) : String.valueOf(percentile);
  }
}
