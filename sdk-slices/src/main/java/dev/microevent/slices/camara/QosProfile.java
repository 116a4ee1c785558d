package dev.microevent.slices.camara;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A QoS profile the operator offers (CAMARA {@code QosProfile}); optional characteristics are
 * {@code null} when the operator does not state them.
 *
 * @param name the profile's name
 * @param description a description, or {@code null}
 * @param status whether it can be used
 * @param priority 1..100, lower is more important, or {@code null}
 * @param packetDelayBudget one-way delay bound, or {@code null}
 * @param jitter 99th-percentile round-trip variation bound, or {@code null}
 * @param packetErrorLossRate the exponent n of the tolerated loss 10^-n, or {@code null}
 * @param minDuration shortest session, or {@code null}
 * @param maxDuration longest session including extensions, or {@code null}
 * @param targetMinUpstreamRate target minimum upstream rate, or {@code null}
 * @param maxUpstreamRate maximum upstream rate, or {@code null}
 * @param targetMinDownstreamRate target minimum downstream rate, or {@code null}
 * @param maxDownstreamRate maximum downstream rate, or {@code null}
 * @param serviceClass the experimental service class (maps to DSCP), or {@code null}
 */
public record QosProfile(
    QosProfileName name,
    @Nullable String description,
    QosProfileStatus status,
    @Nullable Integer priority,
    @Nullable Duration packetDelayBudget,
    @Nullable Duration jitter,
    @Nullable Integer packetErrorLossRate,
    @Nullable Duration minDuration,
    @Nullable Duration maxDuration,
    @Nullable DataRate targetMinUpstreamRate,
    @Nullable DataRate maxUpstreamRate,
    @Nullable DataRate targetMinDownstreamRate,
    @Nullable DataRate maxDownstreamRate,
    @Nullable String serviceClass) {

  /**
   * Checks the required fields.
   *
   * @param name the profile's name
   * @param description a description, or {@code null}
   * @param status whether it can be used
   * @param priority 1..100, lower is more important, or {@code null}
   * @param packetDelayBudget one-way delay bound, or {@code null}
   * @param jitter 99th-percentile round-trip variation bound, or {@code null}
   * @param packetErrorLossRate the exponent n of the tolerated loss 10^-n, or {@code null}
   * @param minDuration shortest session, or {@code null}
   * @param maxDuration longest session including extensions, or {@code null}
   * @param targetMinUpstreamRate target minimum upstream rate, or {@code null}
   * @param maxUpstreamRate maximum upstream rate, or {@code null}
   * @param targetMinDownstreamRate target minimum downstream rate, or {@code null}
   * @param maxDownstreamRate maximum downstream rate, or {@code null}
   * @param serviceClass the experimental service class (maps to DSCP), or {@code null}
   */
  public QosProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }
}
