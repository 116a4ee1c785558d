package dev.microevent.testkit.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
  void requiresAWellFormedKey_andStoresNothingForInvalidRequests() throws IOException {
    cartWithOneHoodie("c1");

    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500)).status()).isEqualTo(400);
    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"bad\"x\"")
        .status()).isEqualTo(400);
    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 1), "Idempotency-Key", "\"k-2\"")
        .body()).contains("total does not match");
    assertThat(call("POST", "/commerce/v1/checkouts", checkoutBody("c1", 4500), "Idempotency-Key", "\"k-2\"")
        .status()).as("the invalid attempt stored nothing").isEqualTo(201);
    assertThat(call("POST", "/commerce/v1/checkouts", "{\"cartId\":", "Idempotency-Key", "k-3").status())
        .isEqualTo(400);
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
  void parsesSfStringKeys_andLenientBareTokens() {
    assertThat(FakeCommerceBackend.parseKey("\"abc\"")).isEqualTo("abc");
    assertThat(FakeCommerceBackend.parseKey("\"a\\\"b\"")).isEqualTo("a\"b");
    assertThat(FakeCommerceBackend.parseKey("abc-123")).isEqualTo("abc-123");
    assertThat(FakeCommerceBackend.parseKey("\"\"")).isNull();
    assertThat(FakeCommerceBackend.parseKey("\"a\\nb\"")).isNull();
    assertThat(FakeCommerceBackend.parseKey("a b")).isNull();
  }
}
