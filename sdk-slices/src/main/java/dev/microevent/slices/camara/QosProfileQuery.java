package dev.microevent.slices.camara;

import org.jspecify.annotations.Nullable;

/**
 * Filters for listing QoS profiles; every filter is optional.
 *
 * @param device only profiles available to this device, or {@code null}
 * @param name only this profile, or {@code null}
 * @param status only profiles with this status, or {@code null}
 */
public record QosProfileQuery(@Nullable Device device, @Nullable QosProfileName name, @Nullable QosProfileStatus status) {

  /**
   * No filter: every profile.
   *
   * @return a query with no filter, which lists every profile
   */
  public static QosProfileQuery all() {
    return new QosProfileQuery(null, null, null);
  }

  /**
   * Only ACTIVE profiles.
   *
   * @return a query that lists only profiles with status {@code ACTIVE}
   */
  public static QosProfileQuery active() {
    return new QosProfileQuery(null, null, QosProfileStatus.ACTIVE);
  }
}
