package dev.microevent.testkit.junit;

import dev.microevent.testkit.internal.MicroEventTestExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a fake edge plane, a fake central plane and a {@code MicroEventClient} wired to
 * both, as parameters: declare any of {@code FakeEdgePlane}, {@code FakeCentralPlane} and {@code
 * MicroEventClient} in a test method, a {@code @BeforeEach} method or the constructor. They are
 * started on random free loopback ports before the test and closed after it (client first); each
 * test gets fresh ones.
 *
 * <pre>{@code
 * @MicroEventTest
 * class CheckoutTest {
 *   @Test
 *   void paymentFailsOverToCentral_whenTheEdgeResets(FakeEdgePlane edge, FakeCentralPlane central,
 *       MicroEventClient client) {
 *     edge.faults().inject(Fault.reset().appTrafficOnly());
 *     EdgeResponse r = client.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/payments")
 *         .body("{}", "application/json").build());
 *     assertThat(r.planeId()).isEqualTo("central");
 *   }
 * }
 * }</pre>
 *
 * <p>The constructor, {@code @BeforeEach} methods and the test method of one test get the same
 * instances. A {@code @BeforeAll} parameter, or a constructor parameter of a class with {@code
 * @TestInstance(PER_CLASS)}, gets one set for the whole class instead, which its tests then
 * share; it is closed after the class.
 *
 * <p>Works with JUnit Jupiter 5.14 (5.13 or later: cleanup relies on JUnit closing {@code
 * AutoCloseable} values of the extension {@code Store}). The fakes themselves know nothing of JUnit.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MicroEventTestExtension.class)
public @interface MicroEventTest {

  /**
   * The fake edge plane's id; default {@code "venue-hub"}.
   *
   * @return a plane id token
   */
  String edgeId() default "venue-hub";

  /**
   * Whether the client runs active health checks (heartbeats) against the fakes; default true.
   *
   * @return whether health checks run
   */
  boolean healthChecks() default true;

  /**
   * Health-check interval in milliseconds when health checks run; default 200 (faster than the
   * SDK's 2 s, so tests see a plane go unhealthy quickly).
   *
   * @return the interval, at least 10
   */
  long healthCheckIntervalMillis() default 200;
}
