package dev.microevent.testkit.camara;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A QoD session as the fake operator holds it.
 *
 * @param id the session id
 * @param qosProfile its profile name
 * @param status REQUESTED, AVAILABLE or UNAVAILABLE
 * @param statusInfo why UNAVAILABLE, or {@code null}
 * @param durationSeconds the granted overall duration
 * @param startedAt when it started
 * @param expiresAt when it expires (or ended)
 * @param deleted whether the client deleted it
 */
public record FakeQosSession(UUID id, String qosProfile, String status, @Nullable String statusInfo,
    long durationSeconds, Instant startedAt, Instant expiresAt, boolean deleted) {

  /** {@return whether the session still costs money: not deleted, and not expired or terminated} */
  public boolean open() {
    return !deleted && !"UNAVAILABLE".equals(status);
  }
}
