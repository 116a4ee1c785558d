package dev.microevent.matter.internal;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.internal.DefaultMicroEventClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The one place this module reaches into the core client's runtime: its OkHttp client (for the
 * WebSocket), scheduler, clock and meter registry. A coming core SPI replaces the internal lookup
 * here and nowhere else.
 *
 * @param http the OkHttp client for the WebSocket: the core transport's base client with a ping
 *     interval, sharing its connection pool and dispatcher
 * @param scheduler deadlines and reconnects (virtual in tests)
 * @param clock the core client's clock
 * @param registry the core client's meter registry, or {@code null} to record nothing
 * @param modes the core client's service modes, which room automation follows
 */
record CoreRuntime(OkHttpClient http, ScheduledExecutorService scheduler, Clock clock,
    @Nullable MeterRegistry registry, ServiceModes modes) {

  /**
   * The runtime of a core client.
   *
   * @param core a client from {@code MicroEventClient.builder()}
   * @param pingInterval WebSocket ping interval
   * @return its runtime
   * @throws IllegalArgumentException for another implementation of the core client (a fake)
   */
  // Step B of the core seams moves this onto MicroEventClient.runtime() once the SPI carries a
  // WebSocket; until then the deprecated accessors are used here and nowhere else in the module.
  @SuppressWarnings("removal")
  static CoreRuntime of(MicroEventClient core, Duration pingInterval) {
    OkHttpClient base = DefaultMicroEventClient.internal(core).transport().base();
    // newBuilder() shares the base client's connection pool and dispatcher: no second pool.
    OkHttpClient ws = base.newBuilder().pingInterval(pingInterval).build();
    return new CoreRuntime(ws, core.scheduler(), core.clock(), core.meterRegistry(), core.modes());
  }
}
