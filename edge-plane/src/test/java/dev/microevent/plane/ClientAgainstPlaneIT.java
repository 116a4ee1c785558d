package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.PlaneStatus;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.oracle.Decision;
import dev.microevent.core.oracle.DecisionRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's own client against the real plane, not a fake: health, config sync, decisions, forwarding. */
class ClientAgainstPlaneIT {
  private CannedCentral central;
  private EdgePlaneServer plane;
  private MicroEventClient client;

  @BeforeEach
  void start() {
    central = new CannedCentral();
    plane = EdgePlaneServer.builder().port(0).planeId("venue-hub").centralUri(central.uri())
        .adminToken("client-it-token-0123456789").start();
    client = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("venue-hub", plane.uri(), 0))
        .instanceId("till-7")
        .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(200)).withJitter(Duration.ZERO))
        .configSyncInterval(Duration.ZERO)
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    plane.close();
    central.close();
  }

  @Test
  void heartbeats_markThePlaneHealthy_andTheGatewayShowsInItsStatus() {
    await().atMost(Duration.ofSeconds(20)).until(() -> client.planes().stream()
        .anyMatch(p -> p.plane().id().equals("venue-hub") && p.lastCheckAt() != null
            && p.health() == PlaneStatus.Health.HEALTHY && "SERVING".equals(p.advertisedStatus())));
    await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(plane.uri(), "/admin/v1/status",
        "Authorization", "Bearer client-it-token-0123456789").body().contains("\"instanceId\":\"till-7\""));
  }

  @Test
  void configSync_appliesTheSignedDocument_thenNotModified() {
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    assertThat(client.config().current().version()).isEqualTo("embedded-1");
    assertThat(client.config().flag("express-checkout", false)).isTrue();
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.NOT_MODIFIED);
  }

  @Test
  void aDecisionTheDeviceCannotAnswer_isAnsweredByThePlanesPushedModel() {
    client.config().syncNow();
    Decision d = client.oracle().decide(DecisionRequest.of("upsell", Map.of("cartSize", "1")));
    assertThat(d.local()).isFalse();
    assertThat(d.value()).isEqualTo("sticker");
    assertThat(d.degraded()).isFalse();
  }

  @Test
  void aKeyedPaymentForwardedTwiceWithTheSameKey_isChargedOnce_andAnsweredTheSame() {
    EdgeRequest pay = EdgeRequest.builder("POST", "/v1/payments").body("{\"amount\":2500}", "application/json")
        .idempotencyKey("pay-42").build();
    EdgeResponse first = client.call(Intent.PAYMENT, pay);
    EdgeResponse retry = client.call(Intent.PAYMENT, pay);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.planeId()).isEqualTo("venue-hub");
    assertThat(retry.bodyText()).isEqualTo(first.bodyText());
    assertThat(retry.header("Idempotent-Replayed")).contains("true");
    assertThat(central.charges).containsExactly(Map.entry("pay-42", 1));
  }

  @Test
  void aKeyedPaymentRefusedInFrontOfCentral_isNotReplayed_andItsRetryWithTheSameKeyIsChargedOnce() {
    central.refuseNextPayments.set(1);
    EdgeRequest pay = EdgeRequest.builder("POST", "/v1/payments").body("{\"amount\":2500}", "application/json")
        .idempotencyKey("pay-43").build();
    try {
      client.call(Intent.PAYMENT, pay);
      throw new AssertionError("the gateway's 403 must reach the app");
    } catch (dev.microevent.core.HttpServiceException e) {
      assertThat(e.statusCode()).isEqualTo(403);
    }

    EdgeResponse retry = client.call(Intent.PAYMENT, pay);

    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isEmpty();
    assertThat(central.charges).containsExactly(Map.entry("pay-43", 1));
  }

  @Test
  void readsAreForwardedToCentral_andCentralsErrorsComeBackAsTheyWere() {
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).bodyText()).contains("tee");
    try {
      client.call(Intent.READ, EdgeRequest.get("/v1/nothing-here"));
    } catch (dev.microevent.core.HttpServiceException e) {
      assertThat(e.statusCode()).isEqualTo(404);
      assertThat(e.bodyExcerpt()).contains("no such endpoint");
      return;
    }
    throw new AssertionError("a 404 from central must reach the app as a 404");
  }
}
