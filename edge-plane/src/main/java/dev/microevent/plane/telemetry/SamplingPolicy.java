package dev.microevent.plane.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * Which spans the collector keeps: every span that did not succeed, every span at least {@code
 * slowThreshold} long, and a head-based share of the rest, chosen by trace id so that every
 * collector (and the app) keeps or drops a whole trace alike. A span kept by the head share
 * carries the weight {@code 1 / headShare}; the others weigh 1. The collector also counts every
 * span it saw per intent, slice and outcome, so totals, error counts and SLOs stay exact.
 *
 * @param slowThreshold spans at least this long are always kept; positive
 * @param headShare the share of the other spans kept, within (0, 1]
 */
public record SamplingPolicy(Duration slowThreshold, double headShare) {
  /** 56 bits: the part of the trace id the decision reads, as OpenTelemetry's samplers do. */
  private static final double RANDOM_SPACE = 0x1p56;

  /**
   * Validates every component.
   *
   * @param slowThreshold spans at least this long are always kept; positive
   * @param headShare the share of the other spans kept, within (0, 1]
   */
  public SamplingPolicy {
    Objects.requireNonNull(slowThreshold, "slowThreshold");
    if (slowThreshold.isNegative() || slowThreshold.isZero()) {
      throw new IllegalArgumentException("slowThreshold must be positive, got " + slowThreshold);
    }
    if (!(headShare > 0 && headShare <= 1)) {
      throw new IllegalArgumentException("headShare must be within (0, 1], got " + headShare);
    }
  }

  /**
   * Keeps everything: slow threshold 500 ms, head share 1.
   *
   * @return a policy that keeps every span (head share 1; the slow threshold, 500 ms, then changes
   *     nothing)
   */
  public static SamplingPolicy keepAll() {
    return new SamplingPolicy(Duration.ofMillis(500), 1.0);
  }

  /** {@return the default: every error, every span of 500 ms or more, and 10 % of the rest} */
  public static SamplingPolicy defaults() {
    return new SamplingPolicy(Duration.ofMillis(500), 0.10);
  }

  /**
   * A copy with another head share.
   *
   * @param share within (0, 1]
   * @return the policy
   */
  public SamplingPolicy withHeadShare(double share) {
    return new SamplingPolicy(slowThreshold, share);
  }

  /**
   * Decides one span.
   *
   * @param span the span
   * @return its weight if kept (1, or {@code 1 / headShare} when kept by the head share), 0 if dropped
   */
  public double weight(Span span) {
    if (!span.succeeded() || span.durationNanos() >= slowThreshold.toNanos()) {
      return 1.0;
    }
    if (headShare >= 1.0) {
      return 1.0;
    }
    return headSampled(span.traceId()) ? 1.0 / headShare : 0.0;
  }

  /**
   * Whether a trace falls in the head share: its last 14 hex digits, read as a number below
   * 2<sup>56</sup>, are below {@code headShare * 2^56}.
   *
   * @param traceId 32 hex digits
   * @return whether the trace is sampled
   */
  public boolean headSampled(String traceId) {
    long r = 0;
    for (int i = traceId.length() - 14; i < traceId.length(); i++) {
      r = (r << 4) | Character.digit(traceId.charAt(i), 16);
    }
    return r < headShare * RANDOM_SPACE;
  }
}
