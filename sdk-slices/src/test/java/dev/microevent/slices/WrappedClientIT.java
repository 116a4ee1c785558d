package dev.microevent.slices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.slices.camara.ApplicationServer;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.Device;
import dev.microevent.slices.camara.QosProfileName;
import dev.microevent.slices.camara.QosSession;
import dev.microevent.slices.camara.QosSessionRequest;
import dev.microevent.testkit.ForwardingMicroEventClient;
import dev.microevent.testkit.camara.FakeCamaraOperator;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The slices module with a core client that wraps the real one by delegation: it never casts the client. */
class WrappedClientIT {

  @Test
  void steeringAndCamara_workThroughAClientThatOnlyDelegates() throws Exception {
    SliceSteering steering = SliceSteering.of(SlicePlan.playbook(
        Slice.builder(SliceId.of("checkout")).exclusiveTo(Intent.PAYMENT).build(),
        Slice.builder(SliceId.of("streaming")).build()));
    try (LoopbackServer edge = new LoopbackServer();
        FakeCamaraOperator operator = FakeCamaraOperator.start(Clock.systemUTC());
        MicroEventClient real = MicroEventClient.builder()
            .addEdgePlane(Plane.edge("venue-hub", edge.uri(), 0))
            .healthChecksEnabled(false)
            .configSyncInterval(Duration.ZERO)
            .install(steering)
            .build()) {
      MicroEventClient wrapped = new ForwardingMicroEventClient(real);
      try (SlicesClient slices = SlicesClient.builder().client(wrapped).steering(steering)
          .camara(CamaraConfig.builder(operator.apiRoot())
              .clientCredentials(operator.tokenEndpoint(), operator.clientId(), operator.clientSecret()).build())
          .build()) {
        wrapped.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/checkout/1").body("{}", "application/json")
            .build());
        QosSession session = slices.qualityOnDemand().create(
            QosSessionRequest.builder(ApplicationServer.ipv4("198.51.100.7"), QosProfileName.of("QOS_L"))
                .device(Device.phoneNumber("+4915112345678")).build());

        assertThat(slices.snapshot().slice(SliceId.of("checkout")).orElseThrow().attemptsByIntent())
            .containsEntry("payment", 1L);
        assertThat(operator.openSessions()).hasSize(1);
        assertThat(session.qosProfile()).isEqualTo(QosProfileName.of("QOS_L"));
      }
    }
  }
}
