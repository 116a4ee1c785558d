package dev.microevent.slices;

import dev.microevent.core.MicroEventClient;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.QodClient;
import dev.microevent.slices.camara.QosProfilesClient;
import dev.microevent.slices.camara.QosSessionListener;
import dev.microevent.slices.camara.QosSessionManager;
import dev.microevent.slices.camara.SliceBookingClient;
import dev.microevent.slices.internal.DefaultSlicesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The 5G slices module: per-slice steering, health and summaries for the core client's traffic,
 * and the operator's CAMARA APIs (Quality-on-Demand sessions, QoS profiles, network slice
 * booking) with a session manager that never leaks a paid session.
 *
 * <pre>{@code
 * SliceSteering steering = SliceSteering.of(SlicePlan.playbook(checkout, streaming));
 * try (MicroEventClient core = MicroEventClient.builder()
 *          .addEdgePlane(edge).centralPlane(central)
 *          .install(steering)
 *          .build();
 *      SlicesClient slices = SlicesClient.builder()
 *          .client(core)
 *          .steering(steering)
 *          .camara(CamaraConfig.builder(URI.create("https://api.operator.example"))
 *              .clientCredentials(tokenUri, clientId, clientSecret).build())
 *          .build()) {
 *   core.call(Intent.PAYMENT, request);          // leaves through the checkout slice
 *   log.info("{}", slices.snapshot().toTable()); // per-slice counts, latency, health, budget
 * }
 * }</pre>
 *
 * <p>Thread-safe. It reuses the core client's clock, scheduler, meter registry and HTTP
 * connection pool; build one per core client and close it before the core client. Closing it
 * stops probes and releases every QoS session the manager holds; it leaves the core client open.
 */
public interface SlicesClient extends AutoCloseable {

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The steering this client watches.
   *
   * @return the steering
   * @throws IllegalStateException if the client was built without one
   */
  SliceSteering steering();

  /**
   * Every slice's status now; a shortcut for {@code steering().snapshot()}.
   *
   * @return the snapshot
   * @throws IllegalStateException if the client was built without steering
   */
  SlicesSnapshot snapshot();

  /**
   * The CAMARA Quality-on-Demand client.
   *
   * @return the client
   * @throws IllegalStateException if no {@link CamaraConfig} was given
   */
  QodClient qualityOnDemand();

  /**
   * The CAMARA QoS Profiles client.
   *
   * @return the client
   * @throws IllegalStateException if no {@link CamaraConfig} was given
   */
  QosProfilesClient qosProfiles();

  /**
   * The CAMARA Network Slice Booking client.
   *
   * @return the client
   * @throws IllegalStateException if no {@link CamaraConfig} was given
   */
  SliceBookingClient sliceBooking();

  /**
   * The QoS session manager: sessions for an event's duration, extended before expiry, released
   * on close.
   *
   * @return the manager
   * @throws IllegalStateException if no {@link CamaraConfig} was given
   */
  QosSessionManager qosSessions();

  /** Stops probes and releases every managed QoS session. Idempotent. */
  @Override
  void close();

  /** Builds a {@link SlicesClient}. Not thread-safe. */
  final class Builder {
    private @Nullable MicroEventClient core;
    private @Nullable SliceSteering steering;
    private @Nullable CamaraConfig camara;
    private final List<SliceListener> sliceListeners = new ArrayList<>();
    private final List<QosSessionListener> sessionListeners = new ArrayList<>();
    private Random random = new Random();

    private Builder() {}

    /**
     * The shared core client, whose runtime (clock, scheduler, meters, connection pool) this
     * client reuses. Required. Any client works, a wrapper that delegates {@link
     * MicroEventClient#runtime()} too.
     *
     * @param client the core client; the app keeps owning it
     * @return this builder
     */
    public Builder client(MicroEventClient client) {
      this.core = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The steering installed on the core client ({@code MicroEventClient.builder().install(steering)}).
     * Optional: without it the client only offers the CAMARA APIs.
     *
     * @param steering the steering; attach each steering to one client only
     * @return this builder
     */
    public Builder steering(SliceSteering steering) {
      this.steering = Objects.requireNonNull(steering, "steering");
      return this;
    }

    /**
     * Where and how to reach the operator's CAMARA APIs. Optional: without it the CAMARA
     * accessors throw.
     *
     * @param config the operator's API root and credentials
     * @return this builder
     */
    public Builder camara(CamaraConfig config) {
      this.camara = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Adds a listener for slice outages, failovers and budget alerts.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addSliceListener(SliceListener listener) {
      sliceListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a listener for QoS session events (created, extended, extension failed, lost, released).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addQosSessionListener(QosSessionListener listener) {
      sessionListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Randomness for the CAMARA {@code x-correlator} ids; default a new {@link Random}. Inject a
     * seeded one for reproducible tests.
     *
     * @param random the source
     * @return this builder
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the client and starts slice probes.
     *
     * @return the client; close it before the core client
     * @throws IllegalStateException if no core client was given
     */
    public SlicesClient build() {
      MicroEventClient c = core;
      if (c == null) {
        throw new IllegalStateException("give the shared core client: client(...)");
      }
      SliceSteering s = steering;
      return new DefaultSlicesClient(c, s, s == null ? null : s.engine(), camara, List.copyOf(sliceListeners),
          List.copyOf(sessionListeners), random);
    }
  }
}
