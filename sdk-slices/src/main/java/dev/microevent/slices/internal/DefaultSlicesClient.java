package dev.microevent.slices.internal;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.spi.Meters;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.slices.SliceListener;
import dev.microevent.slices.SliceSteering;
import dev.microevent.slices.SlicesClient;
import dev.microevent.slices.SlicesSnapshot;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.QodClient;
import dev.microevent.slices.camara.QosProfilesClient;
import dev.microevent.slices.camara.QosSessionListener;
import dev.microevent.slices.camara.QosSessionManager;
import dev.microevent.slices.camara.SliceBookingClient;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The slices client: attaches steering to the core client's runtime and wires the CAMARA clients. */
public final class DefaultSlicesClient implements SlicesClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultSlicesClient.class);

  private final @Nullable SliceSteering steering;
  private final @Nullable SteeringEngine engine;
  private final @Nullable Camara camara;
  private final AtomicBoolean closed = new AtomicBoolean();

  private record Camara(QodClient qod, QosProfilesClient profiles, SliceBookingClient booking,
      DefaultQosSessionManager sessions) {}

  /**
   * Builds the client; use {@link SlicesClient#builder()}.
   *
   * @param core the shared core client
   * @param steering the steering to attach, or {@code null}
   * @param engine its engine, or {@code null}
   * @param config the CAMARA settings, or {@code null}
   * @param sliceListeners slice listeners
   * @param sessionListeners QoS session listeners
   * @param random randomness for correlation ids and backoff jitter
   */
  public DefaultSlicesClient(MicroEventClient core, @Nullable SliceSteering steering, @Nullable SteeringEngine engine,
      @Nullable CamaraConfig config, List<SliceListener> sliceListeners, List<QosSessionListener> sessionListeners,
      Random random) {
    ModuleRuntime runtime = core.runtime();
    Meters meters = runtime.meters();
    if (engine != null) {
      ModuleRuntime installedOn = engine.installedOn();
      if (installedOn != null && installedOn != runtime) {
        throw new IllegalStateException("this SliceSteering is installed on another core client; give that one "
            + "to client(...), or create one steering per client");
      }
      engine.checkAttachable();
    } else if (!sliceListeners.isEmpty()) {
      throw new IllegalStateException("slice listeners need steering: give steering(...)");
    }
    if (config != null) {
      CamaraHttp http = new CamaraHttp(config, runtime, random);
      QodClient qod = new CamaraClients.Qod(http);
      this.camara = new Camara(qod, new CamaraClients.Profiles(http), new CamaraClients.Booking(http),
          new DefaultQosSessionManager(qod, runtime.clock(), runtime.scheduler(), runtime.ioExecutor(),
              List.copyOf(sessionListeners), meters, config.maxSessionCallsPerMinute(), random));
    } else {
      this.camara = null;
    }
    // Last, once nothing else can fail: attaching starts probes that only close() stops.
    if (engine != null) {
      engine.attach(runtime.clock(), runtime.scheduler(), runtime.ioExecutor(), meters, core.errorBudgets(),
          sliceListeners);
    }
    this.steering = steering;
    this.engine = engine;
  }

  @Override
  public SliceSteering steering() {
    SliceSteering s = steering;
    if (s == null) {
      throw new IllegalStateException("this SlicesClient was built without steering; give steering(...)");
    }
    return s;
  }

  @Override
  public SlicesSnapshot snapshot() {
    return steering().snapshot();
  }

  private Camara camara() {
    Camara c = camara;
    if (c == null) {
      throw new IllegalStateException("this SlicesClient was built without CAMARA settings; give camara(...)");
    }
    return c;
  }

  private Camara open() {
    if (closed.get()) {
      throw new IllegalStateException("this SlicesClient is closed");
    }
    return camara();
  }

  @Override
  public QodClient qualityOnDemand() {
    return open().qod();
  }

  @Override
  public QosProfilesClient qosProfiles() {
    return open().profiles();
  }

  @Override
  public SliceBookingClient sliceBooking() {
    return open().booking();
  }

  @Override
  public QosSessionManager qosSessions() {
    return camara().sessions(); // still readable after close; it refuses new reservations then
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Camara c = camara;
    if (c != null) {
      c.sessions().releaseAll();
    }
    SteeringEngine s = engine;
    if (s != null) {
      s.detach();
    }
    log.debug("slices client closed");
  }
}
