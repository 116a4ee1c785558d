package dev.microevent.core.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Wire types of the bilateral heartbeat ({@code POST /edge/v1/heartbeat}, docs/edge-plane-api.yaml). */
final class Heartbeat {
  /** The path on every plane. */
  static final String PATH = "/edge/v1/heartbeat";
  /** Largest reply read, in bytes: a status is a few dozen. */
  static final long MAX_REPLY = 64 * 1024;

  private Heartbeat() {}

  /** What the client tells the plane about itself. */
  record ClientStatus(
      String instanceId, String mode, @Nullable String lastError, String sdkVersion, Instant sentAt) {}

  /** What the plane tells the client. */
  record PlaneReply(@Nullable String planeId, @Nullable String status, @Nullable Double load,
      @Nullable String configVersion) {}
}
