package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.testkit.ForwardingMicroEventClient;
import dev.microevent.testkit.matter.FakeMatterController;
import dev.microevent.testkit.matter.FakeMatterNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Matter module with a core client that wraps the real one by delegation: it never casts the client. */
class WrappedClientIT {
  private static final long LIGHT_ID = 42;

  @Test
  void commandsAndMeters_workThroughAClientThatOnlyDelegates() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (FakeMatterController controller = FakeMatterController.start();
        MicroEventClient real = MicroEventClient.builder()
            .centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
            .healthChecksEnabled(false)
            .configSyncInterval(Duration.ZERO)
            .meterRegistry(registry)
            .build()) {
      controller.addNode(FakeMatterNode.onOffLight(LIGHT_ID));
      MicroEventClient wrapped = new ForwardingMicroEventClient(real);
      try (MatterClient matter = MatterClient.builder().client(wrapped).controller(controller.url()).build()) {
        matter.ready().get(30, TimeUnit.SECONDS);
        matter.command(MatterNodeId.of(LIGHT_ID), 1, ClusterCommand.toggle()).get(30, TimeUnit.SECONDS);

        assertThat(matter.state()).isEqualTo(MatterConnectionState.READY);
        assertThat(controller.commands("device_command")).hasSize(1);
        assertThat(registry.find("microevent.matter.commands").counter())
            .as("the core client's meters, reached through runtime()").isNotNull();
      }
    }
  }
}
