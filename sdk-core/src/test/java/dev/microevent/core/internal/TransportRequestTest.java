package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Plane;
import dev.microevent.core.TraceContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests of attempts, built on one thread one after another with the thread's reused builder. */
class TransportRequestTest {
  private static final Plane EDGE = Plane.edge("edge-1", URI.create("http://127.0.0.1:8080/base/"), 0);
  private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private final Transport transport = new Transport(new OkHttpClient.Builder(), 1, Duration.ofSeconds(1));
  private final SplittableRandom random = new SplittableRandom(7);

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void eachRequestOfAThread_carriesItsOwnHeadersOnly_andAnEarlierRequestKeepsItsOwn() {
    TraceContext withState = TraceContext.parse(List.of(PARENT), List.of("vendor=1")).orElseThrow();
    EdgeRequest first = EdgeRequest.builder("POST", "/v1/orders?cart=c-1")
        .header("X-Tenant", "t-1").header("Accept", "application/json").header("accept", "text/plain")
        .body("{}".getBytes(StandardCharsets.UTF_8), "application/json")
        .build();
    Request a = transport.request(EDGE, first, "key-1", withState, random);

    Request b = transport.request(EDGE, EdgeRequest.get("/v1/item"), null, TraceContext.newRoot(random), random);

    assertThat(b.headers().names()).containsExactly("traceparent");
    assertThat(b.method()).isEqualTo("GET");
    assertThat(b.body()).isNull();
    assertThat(b.url().toString()).isEqualTo("http://127.0.0.1:8080/base/v1/item");
    assertThat(a.headers("X-Tenant")).containsExactly("t-1");
    assertThat(a.headers("Accept")).containsExactly("application/json", "text/plain");
    assertThat(a.header(EdgeRequest.IDEMPOTENCY_KEY_HEADER)).isEqualTo("key-1");
    assertThat(a.header("tracestate")).isEqualTo("vendor=1");
    assertThat(a.header("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-").hasSize(55)
        .isNotEqualTo(PARENT); // a span of its own
    assertThat(a.method()).isEqualTo("POST");
    assertThat(a.url().toString()).isEqualTo("http://127.0.0.1:8080/base/v1/orders?cart=c-1");
  }

  @Test
  void aRequestOkHttpRefuses_leavesNothingBehindForTheThreadsNextRequest() throws Exception {
    EdgeRequest getWithBody = EdgeRequest.builder("GET", "/v1/item").header("X-Stale", "1")
        .body("x".getBytes(StandardCharsets.UTF_8), "text/plain").build();
    assertThatThrownBy(() -> transport.request(EDGE, getWithBody, "key-1", TraceContext.newRoot(random), random))
        .isInstanceOf(IllegalArgumentException.class);

    Request post = transport.request(EDGE, EdgeRequest.builder("POST", "/v1/orders")
        .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").build(), null, TraceContext.newRoot(random), random);
    Request get = transport.request(EDGE, EdgeRequest.get("/v1/item"), null, TraceContext.newRoot(random), random);

    assertThat(post.headers().names()).containsExactly("traceparent");
    Buffer sent = new Buffer();
    post.body().writeTo(sent);
    assertThat(sent.readUtf8()).isEqualTo("{}");
    assertThat(post.body().contentType()).hasToString("application/json");
    assertThat(get.headers().names()).containsExactly("traceparent");
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.body()).isNull();
  }
}
