package dev.microevent.testkit.internal;

import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.FakeCentralPlane;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.junit.MicroEventTest;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link MicroEventTest}: one fixture (edge, central, client) per extension
 * context, kept in the context's {@code Store} as an {@link AutoCloseable} so JUnit closes it when
 * the context ends (JUnit 5.13 and later close {@code AutoCloseable} store values).
 *
 * <p>Constructor parameters are resolved in the test method's context (JUnit 5.12's {@code
 * TestInstantiationAwareExtension}), so with the default per-method lifecycle the constructor,
 * {@code @BeforeEach} methods and the test share one fresh fixture per test. Without that, JUnit
 * would resolve them in the class context, and the class-level fixture, found by every method
 * through the store's parent lookup, would be shared by all tests of the class.
 */
public final class MicroEventTestExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MicroEventTestExtension.class);
  private static final Set<Class<?>> SUPPORTED = Set.of(FakeEdgePlane.class, FakeCentralPlane.class,
      MicroEventClient.class);

  /** The fakes and client of one test; closes the client first, then the fakes. */
  static final class Fixture implements AutoCloseable {
    final FakeEdgePlane edge;
    final FakeCentralPlane central;
    final MicroEventClient client;

    Fixture(@Nullable MicroEventTest settings) {
      String edgeId = settings == null ? "venue-hub" : settings.edgeId();
      boolean checks = settings == null || settings.healthChecks();
      long interval = settings == null ? 200 : Math.max(10, settings.healthCheckIntervalMillis());
      FakeEdgePlane e = FakeEdgePlane.start(edgeId);
      FakeCentralPlane c = null;
      try {
        c = FakeCentralPlane.start();
        this.client = MicroEventClient.builder()
            .addEdgePlane(e.plane())
            .centralPlane(c.plane())
            .healthChecksEnabled(checks)
            .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(interval)))
            .build();
      } catch (RuntimeException failed) {
        e.close();
        if (c != null) {
          c.close();
        }
        throw failed;
      }
      this.edge = e;
      this.central = c;
    }

    @Override
    public void close() {
      try {
        client.close();
      } finally {
        try {
          edge.close();
        } finally {
          central.close();
        }
      }
    }
  }

  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return SUPPORTED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MicroEventTest settings = context.getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, MicroEventTest.class))
        .orElse(null);
    Fixture fixture = context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(Fixture.class, k -> new Fixture(settings), Fixture.class);
    Class<?> type = parameter.getParameter().getType();
    if (type == FakeEdgePlane.class) {
      return fixture.edge;
    } else if (type == FakeCentralPlane.class) {
      return fixture.central;
    } else if (type == MicroEventClient.class) {
      return fixture.client;
    }
    throw new ParameterResolutionException("@MicroEventTest cannot supply a " + type.getName());
  }
}
