package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** The response headers an EdgeResponse keeps without copying them. */
class TransportHeadersTest {
  @Test
  void headersKeepEveryValueInOrder_underLowerCaseNames() {
    Headers received = new Headers.Builder()
        .add("Content-Type", "application/json")
        .add("Set-Cookie", "a=1")
        .add("X-Request-Id", "r-1")
        .add("set-cookie", "b=2")
        .add("SET-COOKIE", "c=3")
        .build();

    Map<String, List<String>> headers = Transport.headers(received);

    assertThat(headers).containsExactly(
        Map.entry("content-type", List.of("application/json")),
        Map.entry("set-cookie", List.of("a=1", "b=2", "c=3")),
        Map.entry("x-request-id", List.of("r-1")));
  }

  @Test
  void headersCannotBeChanged_neitherTheMapNorAnyList() {
    Map<String, List<String>> headers = Transport.headers(new Headers.Builder()
        .add("Vary", "Accept").add("Vary", "Origin").add("Etag", "\"1\"").build());

    assertThatThrownBy(() -> headers.put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.get("vary").add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.get("etag").add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Transport.headers(new Headers.Builder().build())).isEmpty();
  }
}
