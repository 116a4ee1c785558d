package dev.microevent.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.testkit.FakeEdgePlane;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A {@code @BeforeAll} parameter gets one set of fakes that every test of the class shares. */
@MicroEventTest(healthChecks = false)
class ClassLevelFixtureIT {
  private static FakeEdgePlane classEdge;

  @BeforeAll
  static void startOnce(FakeEdgePlane edge) {
    classEdge = edge;
  }

  @Test
  void aTestGetsTheClassFakes(FakeEdgePlane edge) {
    assertThat(edge).isSameAs(classEdge);
    assertThat(edge.listening()).isTrue();
  }

  @Test
  void anotherTestGetsThemToo(FakeEdgePlane edge) {
    assertThat(edge).isSameAs(classEdge);
  }
}
