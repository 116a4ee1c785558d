package dev.microevent.matter;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.matter.FakeMatterController;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ThreeRooms} venue on a fake Matter Server, a core client on virtual time and a
 * Matter client connected to the fake. Close it after the test.
 */
final class Venue implements AutoCloseable {
  static final Duration AWAIT = Duration.ofSeconds(30);
  static final Instant EVENING = Instant.parse("2026-12-01T18:00:00Z");

  final VirtualTime time = VirtualTime.startingAt(EVENING);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final FakeMatterController server = FakeMatterController.start();
  final MicroEventClient core;
  final MatterClient matter;
  final RoomManifest manifest;

  Venue() throws Exception {
    ThreeRooms.install(server);
    manifest = ThreeRooms.manifest(server);
    core = MicroEventClient.builder().centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false).configSyncInterval(Duration.ZERO)
        .clock(time.clock()).scheduler(time.scheduler()).meterRegistry(registry).build();
    matter = MatterClient.builder().client(core).controller(manifest.controller()).build();
    done(matter.ready());
  }

  static <T> T done(CompletableFuture<T> f) throws Exception {
    return f.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    matter.close();
    core.close();
    server.close();
  }
}
