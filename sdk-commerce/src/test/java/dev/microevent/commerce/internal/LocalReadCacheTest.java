package dev.microevent.commerce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.Product;
import dev.microevent.commerce.ReadCacheConfig;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The read cache against a scripted backend call, on virtual time: the response headers it is
 * handed decide what it keeps and for how long (Vary, the age a response arrives with, validators
 * and dates at the edges of their range).
 */
class LocalReadCacheTest {
  private static final String PATH = "/commerce/v1/products/HOODIE-1";
  private static final byte[] HOODIE = ("{\"sku\":\"HOODIE-1\",\"name\":\"Drop hoodie\","
      + "\"price\":{\"amount\":4500,\"currency\":\"EUR\"},\"dropId\":\"drop-1\"}").getBytes(StandardCharsets.UTF_8);

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final List<EdgeRequest> sent = new ArrayList<>();
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private Duration responseDelay = Duration.ZERO;
  private final LocalReadCache cache = new LocalReadCache(this::answer, time.clock(),
      ReadCacheConfig.defaults().withLocalReadTarget(0), Runnable::run, new CommerceMeters(null));

  /** The backend: 304 to a conditional request, else 200 with the hoodie, after the response delay. */
  private EdgeResponse answer(EdgeRequest request) {
    sent.add(request);
    time.advance(responseDelay);
    int status = request.headers().containsKey("if-none-match") ? 304 : 200;
    return new EdgeResponse(status, headers, status == 304 ? new byte[0] : HOODIE, "edge-a", 1, responseDelay, null);
  }

  private void respondWith(String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  private Product read() {
    return cache.read(PATH, Backend::product);
  }

  @ParameterizedTest(name = "Vary: {0}")
  @ValueSource(strings = {"*", "Accept, *", "traceparent"})
  void neverServesAnAnswerFromCache_thatVariesOnEveryRequest(String vary) {
    respondWith("cache-control", "max-age=60, stale-if-error=600");
    respondWith("vary", vary);

    read();
    read();

    assertThat(sent).as("no stored response can match a later request").hasSize(2);
    assertThat(cache.stats().localReads()).isZero();
  }

  @Test
  void keepsAnAnswerThatVariesOnlyOnFieldsEveryRequestOfThePathSendsAlike() {
    respondWith("cache-control", "max-age=60");
    respondWith("vary", "Accept, Accept-Encoding");

    read();
    read();

    assertThat(sent).hasSize(1);
    assertThat(cache.stats().freshHits()).isEqualTo(1);
  }

  @Test
  void countsTheResponseDelay_inTheAgeOfTheCopy() {
    respondWith("cache-control", "max-age=10");
    responseDelay = Duration.ofSeconds(4);
    read();
    responseDelay = Duration.ZERO;

    time.advance(Duration.ofSeconds(7));
    read();

    assertThat(sent).as("4 s on the way + 7 s held = 11 s old, past max-age=10 (RFC 9111 §4.2.3)").hasSize(2);
  }

  @Test
  void neverSendsBackAnETagThatIsNotAnEntityTag_andRevalidatesWithAValidOne() {
    respondWith("cache-control", "no-cache, max-age=60");
    respondWith("etag", "\"caf\u00e9\"");
    read();
    read();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).headers()).as("an ETag that cannot be sent back is no validator").doesNotContainKey(
        "if-none-match");

    headers.put("etag", List.of("W/\"v2\""));
    read();
    read();
    assertThat(sent.get(3).headers().get("if-none-match")).containsExactly("W/\"v2\"");
  }

  @Test
  void keepsACopyThatExpiresInTheYear9999_forAtMostTheLongestDeltaSeconds() {
    respondWith("cache-control", "stale-while-revalidate=30");
    respondWith("date", "Mon, 01 Jun 2026 18:00:00 GMT");
    respondWith("expires", "Fri, 31 Dec 9999 23:59:59 GMT");

    read();
    time.advance(Duration.ofDays(365));
    read();

    assertThat(sent).hasSize(1);
    assertThat(cache.stats().freshHits()).isEqualTo(1);
  }

  @Test
  void clampsMaxAgeAndAgePastALong_toTheLongestDeltaSeconds() {
    respondWith("cache-control", "max-age=9223372036854775808");
    respondWith("age", "99999999999999999999999");

    read();
    read();

    assertThat(sent).as("Age 2^31 s is not younger than max-age 2^31 s: stale").hasSize(2);
  }
}
