package dev.microevent.testkit;

import dev.microevent.core.Plane;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;

/**
 * A fake regional edge plane on loopback, speaking the edge-plane API (heartbeat, config) and
 * answering app requests. See {@link FakePlane} for what it serves and {@link FakeBackend} for
 * routes, recording and faults.
 *
 * <pre>{@code
 * try (FakeEdgePlane edge = FakeEdgePlane.start("venue-hub");
 *      FakeCentralPlane central = FakeCentralPlane.start();
 *      MicroEventClient client = MicroEventClient.builder()
 *          .addEdgePlane(edge.plane()).centralPlane(central.plane()).build()) {
 *   edge.faults().inject(Fault.reset().appTrafficOnly());
 *   client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));   // served by central
 *   assertThat(edge).receivedRequests("GET", "/v1/catalog").hasSize(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe; close it (idempotent).
 */
public final class FakeEdgePlane extends FakePlane {
  private final int priority;

  private FakeEdgePlane(Builder b) {
    super(b.name(), b.clock(), b.random(), b.recordingLimit());
    this.priority = b.priority;
  }

  /**
   * Starts an edge plane with priority 0 and default settings.
   *
   * @param id plane id, a metric-tag token such as {@code "venue-hub"}
   * @return the running plane
   */
  public static FakeEdgePlane start(String id) {
    return builder(id).start();
  }

  /**
   * A builder.
   *
   * @param id plane id, a metric-tag token such as {@code "venue-hub"}
   * @return a new builder; not thread-safe
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** {@return the plane's priority among edge planes (0 is tried first)} */
  public int priority() {
    return priority;
  }

  @Override
  public Plane plane() {
    return Plane.edge(planeId(), uri(), priority);
  }

  /** Builds a {@link FakeEdgePlane}. Not thread-safe. */
  public static final class Builder extends FakeBackend.Builder {
    private int priority;

    private Builder(String id) {
      super(id);
      Plane.edge(Objects.requireNonNull(id, "id"), java.net.URI.create("http://127.0.0.1"), 0);
    }

    /**
     * The edge priority; default 0.
     *
     * @param priority 0 or more; lower is preferred
     * @return this builder
     */
    public Builder priority(int priority) {
      if (priority < 0) {
        throw new IllegalArgumentException("priority must be >= 0, got " + priority);
      }
      this.priority = priority;
      return this;
    }

    @Override
    public Builder clock(Clock clock) {
      super.clock(clock);
      return this;
    }

    @Override
    public Builder random(Random random) {
      super.random(random);
      return this;
    }

    @Override
    public Builder recordingLimit(int limit) {
      super.recordingLimit(limit);
      return this;
    }

    /**
     * Starts the plane on a free loopback port.
     *
     * @return the running plane; close it
     */
    @Override
    public FakeEdgePlane start() {
      return new FakeEdgePlane(this);
    }
  }
}
