package dev.microevent.testkit.junit;

import static dev.microevent.testkit.TestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.ClientClosedException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.PlaneStatus;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.ServingStatus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@MicroEventTest(edgeId = "test-hub", healthCheckIntervalMillis = 100)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MicroEventTestExtensionIT {
  private static FakeEdgePlane previousEdge;
  private static MicroEventClient previousClient;
  private FakeEdgePlane edgeFromBeforeEach;

  @BeforeEach
  void remember(FakeEdgePlane edge) {
    edgeFromBeforeEach = edge;
  }

  @Test
  @Order(1)
  void injectsStartedFakesAndAClientWiredToThem(FakeEdgePlane edge, FakeCentralPlane central,
      MicroEventClient client) {
    EdgeResponse r = client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

    assertThat(r.planeId()).isEqualTo("test-hub");
    assertThat(edge).receivedRequests("GET", "/v1/catalog").hasSize(1);
    assertThat(central).receivedNoAppRequests();
    assertThat(edgeFromBeforeEach).isSameAs(edge);
    previousEdge = edge;
    previousClient = client;
  }

  @Test
  @Order(2)
  void givesEachTestFreshFakes_andClosesThePreviousOnes(FakeEdgePlane edge) {
    assertThat(edge).isNotSameAs(previousEdge);
    assertThat(previousEdge.listening()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> previousClient.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(ClientClosedException.class);
  }

  @Test
  @Order(3)
  void clientRunsHealthChecksAgainstTheFakes(FakeEdgePlane edge, MicroEventClient client) {
    edge.servingStatus(ServingStatus.DRAINING);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(client.planes().get(0).health()).isEqualTo(PlaneStatus.Health.UNHEALTHY));
    assertThat(edge).receivedHeartbeats(1);
    assertThat(edge.heartbeats().get(0).mode()).isEqualTo("NORMAL");
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("central");
  }
}
