package dev.microevent.slices.camara;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Quality-on-Demand session as the operator reports it (CAMARA {@code SessionInfo}).
 *
 * @param sessionId its id
 * @param qosProfile its profile
 * @param applicationServer the far end of its flows
 * @param device the device it applies to, when one was sent
 * @param duration granted overall duration (for UNAVAILABLE: the effective duration)
 * @param startedAt when it became AVAILABLE; {@code null} while REQUESTED
 * @param expiresAt when it ends (for UNAVAILABLE: when it ended); {@code null} while REQUESTED
 * @param status its status
 * @param statusInfo why it is UNAVAILABLE, or {@code null}
 */
public record QosSession(
    QosSessionId sessionId,
    QosProfileName qosProfile,
    ApplicationServer applicationServer,
    @Nullable Device device,
    Duration duration,
    @Nullable Instant startedAt,
    @Nullable Instant expiresAt,
    QosStatus status,
    @Nullable QosStatusInfo statusInfo) {

  /**
   * Checks the required fields.
   *
   * @param sessionId its id
   * @param qosProfile its profile
   * @param applicationServer the far end of its flows
   * @param device the device it applies to, when one was sent
   * @param duration granted overall duration (for UNAVAILABLE: the effective duration)
   * @param startedAt when it became AVAILABLE; {@code null} while REQUESTED
   * @param expiresAt when it ends (for UNAVAILABLE: when it ended); {@code null} while REQUESTED
   * @param status its status
   * @param statusInfo why it is UNAVAILABLE, or {@code null}
   */
  public QosSession {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(qosProfile, "qosProfile");
    Objects.requireNonNull(applicationServer, "applicationServer");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(status, "status");
  }
}
