package dev.microevent.testkit.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.time.VirtualTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The fake commerce backend speaks the documented idempotency semantics over a real socket. */
class FakeCommerceBackendIT {
  private static final MediaType JSON = MediaType.get("application/json");
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final FakeCommerceBackend backend =
      new FakeCommerceBackend(time.clock()).product("HOODIE-1", "Hoodie", 4500, "EUR", 10);
  private final FakeCommercePlane plane = backend.plane("edge-a");
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void close() {
    plane.close();
    http.connectionPool().evictAll();
  }

  private record Answer(int status, String body, @Nullable String apiVersion) {}

  private Answer call(String method, String path, String body, String... headers) throws IOException {
    Request.Builder b = new Request.Builder().url(plane.uri() + path)
        .method(method, body == null ? null : RequestBody.create(body, JSON));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      ResponseBody rb = r.body();
      return new Answer(r.code(), rb == null ? "" : rb.string(), r.header("X-Microevent-Commerce-Api"));
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

  @Test
  void aFenceNeedsAClientId_andNamesTheApiVersion_soAnOldBackendIsNeverMistakenForOne() throws IOException {
    String client = FakeCommerceBackend.CLIENT_HEADER;

    Answer anonymous = call("PUT", "/commerce/v1/checkouts/k-1/fence", "");
    Answer fence = call("PUT", "/commerce/v1/checkouts/k-1/fence", "", client, "till-a");

    assertThat(anonymous.status()).as("a fence in nobody's scope").isEqualTo(400);
    assertThat(fence.status()).isEqualTo(200);
    assertThat(fence.apiVersion()).isEqualTo("1.1");
  }

  @Test
  void aKeyOlderThanTheRetention_isRefusedAsExpired_byACheckoutAndByAFence_andNeverCharged() throws IOException {
    cartWithOneHoodie("c1");
    String client = FakeCommerceBackend.CLIENT_HEADER;
    String age = FakeCommerceBackend.KEY_AGE_HEADER;
    String dayOld = Long.toString(Duration.ofHours(25).toSeconds());

    Answer late = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-old\"",
        client, "till-a", age, dayOld);
    Answer fence = call("PUT", "/commerce/v1/checkouts/k-old/fence", "", client, "till-a", age, dayOld);
    Answer fresh = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-new\"",
        client, "till-a", age, "0");
    time.advance(Duration.ofHours(25));
    Answer forgotten = call("PUT", "/commerce/v1/checkouts/k-new/fence", "", client, "till-a", age, dayOld);

    assertThat(late.status()).isEqualTo(410);
    assertThat(late.body()).contains("idempotency-key-expired");
    assertThat(fence.status()).as("an expired key cannot be fenced: it may have been charged").isEqualTo(410);
    assertThat(fence.body()).contains("idempotency-key-expired");
    assertThat(fresh.status()).isEqualTo(201);
    assertThat(forgotten.status()).as("a pruned key is expired, not fenced").isEqualTo(410);
    assertThat(backend.charges()).hasSize(1);
  }

  @Test
  void aFenceOutlivesTheRetentionOfTheKeyItClosed_forItsOwnRetention() throws IOException {
    cartWithOneHoodie("c1");
    String client = FakeCommerceBackend.CLIENT_HEADER;
    time.advance(Duration.ofHours(20));
    call("PUT", "/commerce/v1/checkouts/k-1/fence", "", client, "till-a");
    time.advance(Duration.ofHours(20));

    Answer late = call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-1\"",
        client, "till-a");

    assertThat(late.status()).as("fenced 20 h ago: still closed").isEqualTo(410);
    assertThat(late.body()).contains("idempotency-key-fenced");
    assertThat(backend.charges()).isEmpty();
  }

  @Test
  void aRefusalClosesItsKeyInTheSameStepAsTheCheckThatRefusedIt_soACopyRacingItIsNeverCharged() throws Exception {
    backend.setStock("HOODIE-1", 1_000_000);
    call("PUT", "/commerce/v1/carts/race", "{}");
    byte[] body = checkoutBody("race", 4500).getBytes(StandardCharsets.UTF_8);
    byte[] one = "{\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] none = "{\"quantity\":0}".getBytes(StandardCharsets.UTF_8);
    List<String> refusedThenCharged = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Map<String, String> headers = Map.of("idempotency-key", "\"race-" + i + "\"");
      backend.handle("edge-a", "PUT", "/commerce/v1/carts/race/items/HOODIE-1", Map.of(), none);
      CyclicBarrier start = new CyclicBarrier(2);
      // One copy is refused (empty cart) while the cart is filled and a second copy arrives.
      CompletableFuture<Integer> filler = CompletableFuture.supplyAsync(() -> {
        meet(start);
        backend.handle("edge-a", "PUT", "/commerce/v1/carts/race/items/HOODIE-1", Map.of(), one);
        return backend.handle("edge-a", "POST", "/commerce/v1/checkouts", headers, body).status();
      });
      meet(start);
      int first = backend.handle("edge-a", "POST", "/commerce/v1/checkouts", headers, body).status();
      int second = filler.get(10, TimeUnit.SECONDS);
      String key = "race-" + i;
      if ((first == 400 || second == 400) && backend.charges().stream().anyMatch(c -> c.idempotencyKey().equals(key))) {
        refusedThenCharged.add(key + " answered " + first + " and " + second);
      }
    }

    assertThat(refusedThenCharged).as("keys refused with 400 and charged too").isEmpty();
  }

  private static void meet(CyclicBarrier b) {
    try {
      b.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
