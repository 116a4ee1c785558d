package dev.microevent.slices.camara;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.slices.SlicesClient;
import dev.microevent.testkit.camara.FakeCamaraOperator;
import java.net.URI;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** A fake operator plus a core client and a slices client configured against it. */
final class CamaraFixture implements AutoCloseable {
  final FakeCamaraOperator operator;
  final MicroEventClient core;
  final SlicesClient slices;

  CamaraFixture(Clock clock, @Nullable ScheduledExecutorService scheduler, QosSessionListener... listeners) {
    this(clock, clock, UnaryOperator.identity(), scheduler, listeners);
  }

  /** With the operator on its own clock (a skewed one, as a real operator's may be) and more CAMARA settings. */
  CamaraFixture(Clock clock, Clock operatorClock, UnaryOperator<CamaraConfig.Builder> camara,
      @Nullable ScheduledExecutorService scheduler, QosSessionListener... listeners) {
    operator = FakeCamaraOperator.start(operatorClock);
    MicroEventClient.Builder b = MicroEventClient.builder()
        .centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false)
        .clock(clock);
    if (scheduler != null) {
      b.scheduler(scheduler);
    }
    core = b.build();
    SlicesClient.Builder sb = SlicesClient.builder().client(core).camara(camara.apply(builder(operator)).build())
        .random(new Random(42));
    for (QosSessionListener l : listeners) {
      sb.addQosSessionListener(l);
    }
    slices = sb.build();
  }

  static CamaraConfig config(FakeCamaraOperator operator) {
    return builder(operator).build();
  }

  private static CamaraConfig.Builder builder(FakeCamaraOperator operator) {
    return CamaraConfig.builder(operator.apiRoot())
        .clientCredentials(operator.tokenEndpoint(), operator.clientId(), operator.clientSecret());
  }

  static QosSessionRequest.Builder request() {
    return QosSessionRequest.builder(ApplicationServer.ipv4("198.51.100.7"), QosProfileName.of("QOS_L"))
        .device(Device.phoneNumber("+4915112345678"))
        .applicationServerPorts(PortsSpec.ports(443));
  }

  @Override
  public void close() {
    slices.close();
    core.close();
    operator.close();
  }
}
