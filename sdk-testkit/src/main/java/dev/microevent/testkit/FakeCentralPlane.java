package dev.microevent.testkit;

import dev.microevent.core.Plane;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;

/**
 * A fake central plane on loopback (plane id {@code central}), speaking the edge-plane API and
 * answering app requests: where the client fails over when no edge plane can serve. See {@link
 * FakePlane} and {@link FakeBackend}.
 *
 * <pre>{@code
 * try (FakeCentralPlane central = FakeCentralPlane.start()) {
 *   builder.centralPlane(central.plane());
 * }
 * }</pre>
 *
 * <p>Thread-safe; close it (idempotent).
 */
public final class FakeCentralPlane extends FakePlane {

  private FakeCentralPlane(Clock clock, Random random) {
    super("central", clock, random, 100_000);
  }

  /**
   * Starts a central plane with the system clock.
   *
   * @return the running plane
   */
  public static FakeCentralPlane start() {
    return start(Clock.systemUTC(), new Random());
  }

  /**
   * Starts a central plane.
   *
   * @param clock the clock for request stamps and flapping faults
   * @param random randomness for faults, thread-safe
   * @return the running plane
   */
  public static FakeCentralPlane start(Clock clock, Random random) {
    return new FakeCentralPlane(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(random, "random"));
  }

  @Override
  public Plane plane() {
    return Plane.central(uri());
  }
}
