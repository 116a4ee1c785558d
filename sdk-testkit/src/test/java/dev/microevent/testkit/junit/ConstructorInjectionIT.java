package dev.microevent.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeEdgePlane;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fakes injected into the constructor are the test's own: the same instances its methods get,
 * fresh for every test, and closed after it.
 */
@MicroEventTest(healthChecks = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConstructorInjectionIT {
  private static FakeEdgePlane firstTestsEdge;
  private final FakeEdgePlane edge;
  private final MicroEventClient client;

  ConstructorInjectionIT(FakeEdgePlane edge, MicroEventClient client) {
    this.edge = edge;
    this.client = client;
  }

  @Test
  @Order(1)
  void theConstructorAndTheTestMethodGetTheSameFakes(FakeEdgePlane methodEdge, MicroEventClient methodClient) {
    assertThat(methodEdge).isSameAs(edge);
    assertThat(methodClient).isSameAs(client);
    firstTestsEdge = edge;
  }

  @Test
  @Order(2)
  void eachTestConstructsWithFreshFakes_andThePreviousOnesAreClosed(FakeEdgePlane methodEdge) {
    assertThat(edge).isNotSameAs(firstTestsEdge);
    assertThat(methodEdge).isSameAs(edge);
    assertThat(firstTestsEdge.listening()).isFalse();
  }
}
