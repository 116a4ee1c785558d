package dev.microevent.commerce;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.time.VirtualTime;
import java.net.URI;

/**
 * A core client whose only plane nobody listens on, for tests of what never calls out (the bot
 * shield, the mapping of answers). Public so tests of the internal package use it too.
 */
public final class OfflineCore {
  private OfflineCore() {}

  /**
   * Builds one.
   *
   * @param time its clock and scheduler
   * @return the client; close it
   */
  public static MicroEventClient on(VirtualTime time) {
    return MicroEventClient.builder()
        .centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false)
        .clock(time.clock())
        .scheduler(time.scheduler())
        .build();
  }
}
