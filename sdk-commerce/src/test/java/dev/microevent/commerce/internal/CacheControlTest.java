package dev.microevent.commerce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Cache-Control, Age, Expires and Date the way a private cache must. */
class CacheControlTest {

  private static CacheControl parse(String... headerPairs) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      h.computeIfAbsent(headerPairs[i], k -> new java.util.ArrayList<>()).add(headerPairs[i + 1]);
    }
    return CacheControl.of(h);
  }

  @Test
  void readsEveryDirectiveItHonours() {
    CacheControl c = parse("cache-control", "max-age=10, stale-while-revalidate=30, stale-if-error=300",
        "etag", "\"v1\"", "age", "4");

    assertThat(c.freshness()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.staleIfError()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.initialAge()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.etag()).isEqualTo("\"v1\"");
    assertThat(c.storable()).isTrue();
  }

  @Test
  void acceptsQuotedArguments_mixedCase_andSeveralHeaderLines() {
    CacheControl c = parse("cache-control", "Max-Age=\"20\"", "cache-control", "MUST-REVALIDATE, No-Cache");

    assertThat(c.freshness()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.mustRevalidate()).isTrue();
    assertThat(c.noCache()).isTrue();
  }

  @Test
  void makesTheResponseStale_whenMaxAgeIsDuplicatedOrInvalid() {
    assertThat(parse("cache-control", "max-age=60, max-age=60").freshness()).isZero();
    assertThat(parse("cache-control", "max-age=-5").freshness()).isZero();
    assertThat(parse("cache-control", "max-age=1e3").freshness()).isZero();
    assertThat(parse("cache-control", "max-age").freshness()).isZero();
    assertThat(parse("cache-control", "stale-if-error=x, stale-if-error=5").staleIfError()).isZero();
  }

  @Test
  void capsHugeDeltaSeconds_andIgnoresSharedCacheAndUnknownDirectives() {
    assertThat(parse("cache-control", "max-age=99999999999999999").freshness())
        .isEqualTo(Duration.ofSeconds(2_147_483_648L));
    CacheControl c = parse("cache-control", "s-maxage=600, private, x-custom=\"a,b\", max-age=5");
    assertThat(c.freshness()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void usesExpiresMinusDate_withoutMaxAge_soTheDeviceClockDoesNotMatter() {
    CacheControl c = parse("expires", "Mon, 01 Jun 2026 18:01:00 GMT", "date", "Mon, 01 Jun 2026 18:00:00 GMT");
    assertThat(c.freshness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(parse("expires", "0", "date", "Mon, 01 Jun 2026 18:00:00 GMT").freshness()).isZero();
    assertThat(parse("cache-control", "max-age=5", "expires", "Mon, 01 Jun 2026 19:00:00 GMT",
        "date", "Mon, 01 Jun 2026 18:00:00 GMT").freshness()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void keepsNothing_forNoStore_orWithoutAnyCachingHeader() {
    assertThat(parse("cache-control", "no-store, max-age=60").storable()).isFalse();
    assertThat(parse().storable()).isFalse();
    assertThat(parse("cache-control", "no-cache", "etag", "\"x\"").storable()).isTrue();
  }

  @Test
  void clampsEveryDeltaSecondsPastALong_to2Pow31() {
    Duration longest = Duration.ofSeconds(2_147_483_648L);
    assertThat(parse("cache-control", "max-age=9223372036854775808").freshness()).isEqualTo(longest);
    assertThat(parse("cache-control", "max-age=99999999999999999999999999").freshness()).isEqualTo(longest);
    assertThat(parse("cache-control", "stale-if-error=9999999999999999999").staleIfError()).isEqualTo(longest);
    assertThat(parse("age", "9999999999999999999").initialAge()).isEqualTo(longest);
    assertThat(parse("age", "7, 9").initialAge()).as("a list: its first member (RFC 9111 §5.1)")
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void clampsExpiresFarInTheFuture_andTreatsOneInThePastAsStale() {
    assertThat(parse("expires", "Fri, 31 Dec 9999 23:59:59 GMT", "date", "Mon, 01 Jun 2026 18:00:00 GMT").freshness())
        .isEqualTo(Duration.ofSeconds(2_147_483_648L));
    assertThat(parse("expires", "Thu, 01 Jan 1970 00:00:00 GMT", "date", "Mon, 01 Jun 2026 18:00:00 GMT").freshness())
        .isZero();
  }

  @Test
  void keepsOnlyAnETagItCanSendBack() {
    assertThat(parse("etag", "\"v1\"").etag()).isEqualTo("\"v1\"");
    assertThat(parse("etag", "W/\"v1\"").etag()).isEqualTo("W/\"v1\"");
    for (String invalid : new String[] {"\"caf\u00e9\"", "v1", "\"a\"b\"", "\"", "W/v1", "\"a b\"", "\"a\u0000\""}) {
      assertThat(parse("etag", invalid).etag()).as(invalid).isNull();
    }
  }

  @Test
  void neverStoresAnAnswerThatVariesOnEveryRequest() {
    assertThat(parse("cache-control", "max-age=60", "vary", "*").storable()).isFalse();
    assertThat(parse("cache-control", "max-age=60", "vary", "accept", "vary", "*").storable()).isFalse();
    assertThat(parse("cache-control", "max-age=60", "vary", "TraceParent").storable()).isFalse();
    assertThat(parse("cache-control", "max-age=60", "vary", "Accept, Accept-Encoding").storable()).isTrue();
  }
}
