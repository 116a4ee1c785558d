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
  void aLookupByName_answersAsTheFullMapDoes_whateverTheKeysCase() {
    Map<String, List<String>> headers = Transport.headers(new Headers.Builder()
        .add("Content-Type", "application/json")
        .add(Transport.SHIELDED_RETRY_AFTER, "7")
        .add("Set-Cookie", "a=1")
        .add("SET-COOKIE", "b=2")
        .add("X-K", "kelvin")
        .build());
    Map<String, List<String>> full = new java.util.LinkedHashMap<>(headers); // built from the entries, not by lookup

    for (String key : List.of("content-type", "Content-Type", "CONTENT-TYPE", "retry-after", "Retry-After",
        Transport.SHIELDED_RETRY_AFTER, Transport.SHIELDED_RETRY_AFTER.toLowerCase(java.util.Locale.ROOT),
        "set-cookie", "x-k", "x-\u212a", "\u00fcmlaut", "", "content-typ", "content-type ")) {
      assertThat(headers.get(key)).as(key).isEqualTo(full.get(key));
      assertThat(headers.containsKey(key)).as(key).isEqualTo(full.containsKey(key));
    }
    assertThat(headers.get("retry-after")).containsExactly("7");
    assertThat(headers.get("set-cookie")).containsExactly("a=1", "b=2");
  }

  @Test
  void nonAsciiNames_whichOnlyALenientReadAccepts_areLookedUpAsTheFullMapLooksThemUp() {
    // OkHttp reads a response's header lines leniently: a name may hold any character.
    Map<String, List<String>> headers = Transport.headers(new Headers.Builder()
        .addLenient$okhttp("X-\u212a", "kelvin") // the Kelvin sign lower-cases to k
        .addLenient$okhttp("\u017fet", "long s") // the long s upper-cases to S but is its own lower case
        .build());
    Map<String, List<String>> full = new java.util.LinkedHashMap<>(headers);

    for (String key : List.of("x-k", "X-K", "x-\u212a", "set", "\u017fet", "SET")) {
      assertThat(headers.get(key)).as(key).isEqualTo(full.get(key));
    }
    assertThat(headers.get("x-k")).containsExactly("kelvin");
    assertThat(headers.get("set")).isNull();
    assertThat(headers.get("\u017fet")).containsExactly("long s");
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
