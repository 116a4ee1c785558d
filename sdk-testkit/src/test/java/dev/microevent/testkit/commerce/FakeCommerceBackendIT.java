package dev.microevent.testkit.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake commerce backend speaks the documented idempotency semantics over a real socket. */
class FakeCommerceBackendIT {
  private static final MediaType JSON = MediaType.get("application/json");
  private final FakeCommerceBackend backend = new FakeCommerceBackend().product("HOODIE-1", "Hoodie", 4500, "EUR", 10);
  private final FakeCommercePlane plane = backend.plane("edge-a");
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void close() {
    plane.close();
    http.connectionPool().evictAll();
  }

  private record Answer(int status, String body) {}

  private Answer call(String method, String path, String body, String... headers) throws IOException {
    Request.Builder b = new Request.Builder().url(plane.uri() + path)
        .method(method, body == null ? null : RequestBody.create(body, JSON));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      ResponseBody rb = r.body();
      return new Answer(r.code(), rb == null ? "" : rb.string());
    }
  }

  private String checkoutBody(String cart, long total) {
    return "{\"cartId\":\"" + cart + "\",\"total\":{\"amount\":" + total + ",\"currency\":\"EUR\"},"
        + "\"paymentToken\":\"tok_visa\",\"synthetic\":false}";
  }

  private void cartWithOneHoodie(String cart) throws IOException {
    call("PUT", "/commerce/v1/carts/" + cart, "{}");
    call("PUT", "/commerce/v1/carts/" + cart + "/items/HOODIE-1", "{\"quantity\":1}");
  }

  @Test
  void replaysTheStoredResult_refusesAnotherPayload_andChargesOnce() throws IOException {
    cartWithOneHoodie("c1");
    cartWithOneHoodie("c2");

    Answer first = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-1\"");
    Answer again = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-1\"");
    Answer other = call("POST", "/commerce/v1/checkouts", checkoutBody("c2", 4500), "Idempotency-Key", "\"k-1\"");

    assertThat(first.status()).isEqualTo(201);
    assertThat(again).isEqualTo(first);
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.body()).contains("idempotency-key-reused");
    assertThat(backend.charges()).hasSize(1);
    assertThat(backend.stock("HOODIE-1")).isEqualTo(9);
  }

  @Test
  void scopesKeysPerClient_soTheSameKeyFromAnotherClientIsAnotherCheckout() throws IOException {
    cartWithOneHoodie("c1");
    cartWithOneHoodie("c2");
    String client = FakeCommerceBackend.CLIENT_HEADER;

    Answer a = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-1\"",
        client, "till-a");
    Answer b = call("POST", "/commerce/v1/checkouts", checkoutBody("c2", 4500), "Idempotency-Key", "\"k-1\"",
        client, "till-b");
    Answer bAgain = call("POST", "/commerce/v1/checkouts", checkoutBody("c2", 4500), "Idempotency-Key", "\"k-1\"",
        client, "till-b");

    assertThat(a.status()).isEqualTo(201);
    assertThat(b.status()).as("not a reuse of till-a's key").isEqualTo(201);
    assertThat(bAgain).isEqualTo(b);
    assertThat(backend.charges()).extracting(FakeCommerceBackend.Charge::clientId).containsExactly("till-a", "till-b");
    assertThat(call("GET", "/commerce/v1/checkouts/k-1", null, client, "till-a").body()).contains("PAID");
    assertThat(call("GET", "/commerce/v1/checkouts/k-1", null, client, "till-c").status())
        .as("another client cannot read till-a's result").isEqualTo(404);
    assertThat(call("GET", "/commerce/v1/checkouts/k-1", null).status()).isEqualTo(404);
    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-9\"",
        client, "not a token").status()).isEqualTo(400);
  }

  @Test
  void findsACheckoutByAPercentEncodedKey() throws IOException {
    cartWithOneHoodie("c1");
    call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"a/b?c%d\"");

    assertThat(call("GET", "/commerce/v1/checkouts/a%2Fb%3Fc%25d", null).body()).contains("PAID");
    assertThat(FakeCommerceBackend.percentDecode("x%zz")).isNull();
    assertThat(FakeCommerceBackend.percentDecode("x%2")).isNull();
  }

  @Test
  void requiresAWellFormedKey_andClosesTheKeyOfARefusedRequest() throws IOException {
    cartWithOneHoodie("c1");

    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500)).status()).isEqualTo(400);
    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"bad\"x\"")
        .status()).isEqualTo(400);
    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 1), "Idempotency-Key", "\"k-2\"")
        .body()).contains("total does not match");
    Answer reused = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-2\"");
    assertThat(reused.status()).as("a refusal closes its key, like a fence").isEqualTo(410);
    assertThat(reused.body()).contains("idempotency-key-fenced");
    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-4\"")
        .status()).as("a fresh key").isEqualTo(201);
    assertThat(call("POST", "/commerce/v1/checkouts", "{\"cartId\":", "Idempotency-Key", "k-3").status())
        .isEqualTo(400);
    assertThat(backend.charges()).hasSize(1);
  }

  @Test
  void fencesAKeyItNeverReceived_idempotentlyAndPerClient_andRefusesACheckoutThatArrivesAfter() throws IOException {
    cartWithOneHoodie("c1");
    String client = FakeCommerceBackend.CLIENT_HEADER;

    Answer fence = call("PUT", "/commerce/v1/checkouts/k-1/fence", "", client, "till-a");
    Answer again = call("PUT", "/commerce/v1/checkouts/k-1/fence", "", client, "till-a");
    Answer late = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-1\"",
        client, "till-a");
    Answer otherClient = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key",
        "\"k-1\"", client, "till-b");

    assertThat(fence.status()).isEqualTo(200);
    assertThat(fence.body()).contains("\"state\":\"FENCED\"");
    assertThat(again).isEqualTo(fence);
    assertThat(late.status()).isEqualTo(410);
    assertThat(late.body()).contains("idempotency-key-fenced");
    assertThat(otherClient.status()).as("till-a's fence does not touch till-b's key").isEqualTo(201);
    assertThat(backend.charges()).extracting(FakeCommerceBackend.Charge::clientId).containsExactly("till-b");
    assertThat(call("PUT", "/commerce/v1/checkouts/k-1/fence", "", client, "till-b").body())
        .as("a fence after the charge reports it").contains("\"state\":\"PAID\"").contains("\"orderId\":\"ord-");
    assertThat(call("GET", "/commerce/v1/checkouts/k-1", null, client, "till-a").body()).contains("FENCED");
    assertThat(call("PUT", "/commerce/v1/checkouts/%zz/fence", "", client, "till-a").status()).isEqualTo(400);
  }

  @Test
  void neverChargesSyntheticTraffic_andAnswersConditionalReads() throws IOException {
    cartWithOneHoodie("probe-cart");
    Answer probe = call("POST", "/commerce/v1/checkouts", checkoutBody("probe-cart", 4500),
        "Idempotency-Key", "\"p-1\"", FakeCommerceBackend.SYNTHETIC_HEADER, "probe");
    assertThat(probe.status()).isEqualTo(201);
    assertThat(probe.body()).contains("\"synthetic\":true").doesNotContain("paymentReference");
    assertThat(backend.charges()).isEmpty();
    assertThat(backend.stock("HOODIE-1")).isEqualTo(10);

    String etag;
    try (Response r = http.newCall(new Request.Builder().url(plane.uri() + "/commerce/v1/products/HOODIE-1").build())
        .execute()) {
      etag = r.header("ETag");
    }
    assertThat(call("GET", "/commerce/v1/products/HOODIE-1", null, "If-None-Match", etag).status()).isEqualTo(304);
  }

  @Test
  void countsAppRequestsAsReceived_andHeartbeatsApart() throws IOException {
    String status = "{\"instanceId\":\"i-1\",\"mode\":\"NORMAL\",\"sdkVersion\":\"0.1.0\","
        + "\"sentAt\":\"2026-06-01T17:00:00Z\"}";
    for (int i = 0; i < 3; i++) {
      assertThat(call("POST", "/edge/v1/heartbeat", status).body()).contains("\"planeId\":\"edge-a\"");
    }
    assertThat(call("GET", "/edge/v1/config", null).status()).isEqualTo(404);
    call("GET", "/commerce/v1/products/HOODIE-1", null);
    plane.failNext(1, 503, "/commerce/v1/products");
    assertThat(call("GET", "/commerce/v1/products/HOODIE-1", null).status()).isEqualTo(503);

    assertThat(plane.received()).as("app requests, the faulted one included").isEqualTo(2);
    assertThat(plane.heartbeats()).isEqualTo(3);
    assertThat(backend.calls()).as("neither heartbeats nor config sync reach the backend").hasSize(1);
  }

  @Test
  void receivedCountsARealClientsAppCalls_notTheHeartbeatsItSendsMeanwhile() {
    try (MicroEventClient client = MicroEventClient.builder().addEdgePlane(plane.asEdge(0))
        .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(50)))
        .build()) {
      for (int i = 0; i < 3; i++) {
        client.call(Intent.READ, EdgeRequest.get("/commerce/v1/products/HOODIE-1"));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> plane.heartbeats() >= 3);
    }
    assertThat(plane.received()).as("the client's three reads, none of its heartbeats").isEqualTo(3);
    assertThat(backend.calls()).hasSize(3);
  }

  @Test
  void parsesSfStringKeys_andLenientBareTokens() {
    assertThat(FakeCommerceBackend.parseKey("\"abc\"")).isEqualTo("abc");
    assertThat(FakeCommerceBackend.parseKey("\"a\\\"b\"")).isEqualTo("a\"b");
    assertThat(FakeCommerceBackend.parseKey("abc-123")).isEqualTo("abc-123");
    assertThat(FakeCommerceBackend.parseKey("\"\"")).isNull();
    assertThat(FakeCommerceBackend.parseKey("\"a\\nb\"")).isNull();
    assertThat(FakeCommerceBackend.parseKey("a b")).isNull();
  }
}
