package dev.microevent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.testkit.camara.FakeCamaraOperator;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import dev.microevent.testkit.commerce.FakeCommercePlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every testkit server answers a keep-alive request on loopback in about a millisecond: it sends
 * the head and the body in one write with {@code TCP_NODELAY}. A server that writes the head and
 * the body separately without it waits for the client's delayed ACK (Nagle): about 40 ms per
 * answer on Linux, which then passes for the latency of the code under test. This checks the
 * median of a few hundred requests, not a maximum: a correctness check of 1 ms against 40 ms,
 * not a benchmark.
 */
class FakesAnswerPromptlyIT {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int WARM_UP = 50;
  private static final int MEASURED = 300;
  /** A quarter of the 40 ms a Nagle stall adds: far above a loopback round trip, even on a busy machine. */
  private static final double MEDIAN_BOUND_MS = 10;

  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void closeClient() {
    http.connectionPool().evictAll();
    http.dispatcher().executorService().shutdown();
  }

  @Test
  void fakeEdgePlane_answersWithinAFewMilliseconds_atTheMedian() throws IOException {
    try (FakeEdgePlane edge = FakeEdgePlane.start("edge")) {
      assertPrompt("FakeEdgePlane", get(edge.uri("/v1/catalog").toString()));
    }
  }

  @Test
  void fakeCentralPlane_answersHeartbeatsWithinAFewMilliseconds_atTheMedian() throws IOException {
    try (FakeCentralPlane central = FakeCentralPlane.start()) {
      assertPrompt("FakeCentralPlane", post(central.uri(FakePlane.HEARTBEAT_PATH).toString(),
          "{\"instanceId\":\"i-1\",\"mode\":\"NORMAL\",\"sdkVersion\":\"0.1.0\",\"sentAt\":\"2026-06-01T17:00:00Z\"}"));
    }
  }

  @Test
  void fakeBackend_answersWithinAFewMilliseconds_atTheMedian() throws IOException {
    try (FakeBackend shop = FakeBackend.start("shop")) {
      shop.route("GET", "/v1/catalog", FakeResponse.json(200, "{\"items\":[1,2,3]}"));
      assertPrompt("FakeBackend", get(shop.uri("/v1/catalog").toString()));
    }
  }

  @Test
  void fakeCommercePlane_answersWithinAFewMilliseconds_atTheMedian() throws IOException {
    FakeCommerceBackend backend = new FakeCommerceBackend().product("HOODIE-1", "Hoodie", 4500, "EUR", 10);
    try (FakeCommercePlane plane = backend.plane("edge-a")) {
      assertPrompt("FakeCommercePlane", get(plane.uri() + "/commerce/v1/products/HOODIE-1"));
    }
  }

  @Test
  void fakeCamaraOperator_answersWithinAFewMilliseconds_atTheMedian() throws IOException {
    try (FakeCamaraOperator operator = FakeCamaraOperator.start()) {
      String basic = Base64.getEncoder().encodeToString((operator.clientId() + ":" + operator.clientSecret())
          .getBytes(StandardCharsets.UTF_8));
      assertPrompt("FakeCamaraOperator", new Request.Builder().url(operator.tokenEndpoint().toString())
          .header("Authorization", "Basic " + basic)
          .post(RequestBody.create("grant_type=client_credentials",
              MediaType.get("application/x-www-form-urlencoded")))
          .build());
    }
  }

  private static Request get(String url) {
    return new Request.Builder().url(url).build();
  }

  private static Request post(String url, String body) {
    return new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
  }

  private void assertPrompt(String fake, Request request) throws IOException {
    for (int i = 0; i < WARM_UP; i++) {
      exchange(request);
    }
    long[] nanos = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      exchange(request);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    double medianMs = nanos[MEASURED / 2] / 1e6;
    System.out.printf(Locale.ROOT, "%s: loopback keep-alive round trip p50 %.2f ms, p90 %.2f ms over %d requests%n",
        fake, medianMs, nanos[MEASURED * 9 / 10] / 1e6, MEASURED);
    assertThat(http.connectionPool().connectionCount()).as("%s kept the connection alive", fake).isEqualTo(1);
    assertThat(medianMs).as("%s median round trip in ms (a Nagle stall adds about 40 ms)", fake)
        .isLessThan(MEDIAN_BOUND_MS);
  }

  private void exchange(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      assertThat(r.code()).as(request.url().encodedPath()).isBetween(200, 299);
      r.body().bytes();
    }
  }
}
