package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad clients get typed 4xx answers and cannot take the plane down: malformed JSON, oversized
 * bodies (declared or streamed), slow-drip bodies; the plane keeps answering others throughout.
 */
class HostileInputIT {
  private CannedCentral central;
  private EdgePlaneServer plane;

  @BeforeEach
  void start() {
    central = new CannedCentral();
    plane = EdgePlaneServer.builder().port(0).centralUri(central.uri()).maxBodyBytes(4096)
        .idleTimeout(Duration.ofSeconds(2)).maxInFlight(64).start();
  }

  @AfterEach
  void stop() {
    plane.close();
    central.close();
  }

  private boolean stillServes() {
    return Http.post(plane.uri(), "/edge/v1/heartbeat", "{\"instanceId\":\"ok\",\"mode\":\"NORMAL\",\"sdkVersion\":\"1\","
        + "\"sentAt\":\"2026-06-01T18:00:00Z\"}").statusCode() == 200;
  }

  @Test
  void malformedJson_getsA400Problem_onEveryEndpointThatReadsJson() {
    for (String path : List.of("/edge/v1/heartbeat", "/edge/v1/decisions")) {
      for (String body : List.of("{", "[]", "null", "{\"a\":1}{}", "{\"decision\":\"upsell\",\"decision\":\"x\"}",
          "\"\\ud800\"", "{\"instanceId\":" + "[".repeat(500) + "}")) {
        HttpResponse<String> r = Http.post(plane.uri(), path, body);
        assertThat(r.statusCode()).as("%s %s", path, body).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":");
      }
    }
    assertThat(stillServes()).isTrue();
  }

  @Test
  void aDeclaredOversizedBody_isRefusedWith413BeforeItIsRead() {
    HttpResponse<String> r = Http.post(plane.uri(), "/v1/payments", "x".repeat(5000), "Idempotency-Key", "big");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("too_large");
    assertThat(central.requests.get()).isZero();
  }

  @Test
  void aChunkedBodyGrowingPastTheLimit_isRefusedWith413() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), plane.uri().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String head = "POST /edge/v1/heartbeat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n";
      out.write((head + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("1000\r\n" + "a".repeat(4096) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 32; i++) {
          out.write(chunk);
        }
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // the plane may close the connection once it has answered
      }
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
    assertThat(stillServes()).isTrue();
  }

  @Test
  void slowDripClients_areCutOff_andHoldNoThreadWhileOthersAreServed() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), plane.uri().getPort());
        s.getOutputStream().write(("POST /edge/v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
            + "Content-Type: application/json\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      // 100 stalled bodies exceed maxInFlight (64): still, a well-behaved gateway is served at once.
      assertThat(stillServes()).isTrue();
      Socket first = slow.get(0);
      first.setSoTimeout(15_000);
      InputStream in = first.getInputStream();
      String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).as("a stalled body is answered or cut off by the idle timeout")
          .isIn("HTTP/1.1 408", "HTTP/1.1 400", "");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(this::stillServes);
  }

  @Test
  void unforwardableRequests_getA400_andPathsUnderEdgeAndAdminAreNeverForwarded() {
    assertThat(Http.get(plane.uri(), "/edge/v1/nothing").statusCode()).isEqualTo(404);
    assertThat(Http.get(plane.uri(), "/admin/v1/status").statusCode()).as("admin API off without a token").isEqualTo(404);
    assertThat(Http.get(plane.uri(), "/edge/v1/heartbeat").statusCode()).isEqualTo(405);
    assertThat(central.requests.get()).isZero();
  }
}
