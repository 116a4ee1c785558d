package dev.microevent.commerce.internal;

import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.CommerceFuzz;
import dev.microevent.commerce.ReadCacheConfig;
import dev.microevent.commerce.Sku;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.RetryConfig;
import dev.microevent.core.SdkException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the response headers the read cache lives by ({@code Cache-Control}, {@code Age}, {@code
 * Expires}, {@code Date}, {@code ETag}, {@code Vary}): an input is a header block, one {@code
 * name: value} per line, as a socket delivers it (any byte, read as ISO-8859-1). Through the seam
 * where responses enter the cache (every input a fresh cache on virtual time: a first read, a
 * later one that may be fresh, stale-while-revalidate, steered or revalidated with {@code
 * If-None-Match}, then one while the backend fails), and end to end through {@code
 * catalog().product()} over a loopback server on a twentieth of the inputs. Only typed errors, and
 * never a copy staler than the bound.
 */
class ReadCacheFuzzTest {
  private static final String PATH = "/commerce/v1/products/HOODIE-1";
  private static final byte[] HOODIE = ("{\"sku\":\"HOODIE-1\",\"name\":\"Drop hoodie\","
      + "\"price\":{\"amount\":4500,\"currency\":\"EUR\"},\"dropId\":\"drop-1\"}").getBytes(StandardCharsets.UTF_8);
  private static final Set<String> CACHING_FIELDS = Set.of("cache-control", "age", "expires", "date", "etag", "vary");
  private static final String[] SEEDS = {
      "cache-control: max-age=10, stale-while-revalidate=30, stale-if-error=300\netag: \"a1b2\"\nage: 4",
      "cache-control: no-cache, max-age=60\netag: W/\"v2\"",
      "cache-control: max-age=1, must-revalidate\nvary: Accept, Accept-Encoding",
      "cache-control: no-store\nvary: *",
      "expires: Fri, 31 Dec 9999 23:59:59 GMT\ndate: Mon, 01 Jun 2026 18:00:00 GMT\netag: \"x\"",
      "cache-control: Max-Age=\"20\", s-maxage=600, x-custom=\"a,b\"\ncache-control: stale-if-error=60\nage: 7, 9",
      "date: Mon, 01 Jun 2026 18:00:00 GMT",
      ""};
  private static final String[] TOKENS = {
      "\ncache-control: ", "\nage: ", "\nexpires: ", "\ndate: ", "\netag: ", "\nvary: ", "max-age=", "s-maxage=",
      "stale-while-revalidate=", "stale-if-error=", "no-cache", "no-store", "must-revalidate", "proxy-revalidate",
      "W/\"", "*", "traceparent", "GMT", "Mon, 01 Jun 2026 18:00:00 GMT"};
  /** How long each input waits between its reads: fresh, stale within the windows, past them. */
  private static final Duration[] WAITS = {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(9),
      Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofSeconds(61), Duration.ofMinutes(10)};
  private static final ReadCacheConfig WEIGHTED = ReadCacheConfig.defaults().withMaximumEntries(4);
  private static final ReadCacheConfig PLAIN = WEIGHTED.withLocalReadTarget(0);

  @Test
  void responseHeaders_throughTheSeamWhereResponsesEnterTheCache() {
    CommerceFuzz.warmUp(ReadCacheFuzzTest::throughTheSeam, SEEDS);
    System.out.println(Fuzz.parser("read cache response headers", ReadCacheFuzzTest::throughTheSeam)
        .seeds(SEEDS)
        .dictionary(TOKENS)
        .typed(SdkException.class)
        .run());
  }

  @Test
  void responseHeaders_endToEnd_throughCatalogProduct() throws Exception {
    AtomicReference<Map<String, List<String>>> answer = new AtomicReference<>(Map.of());
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          boolean conditional = request.getHeaders().get("If-None-Match") != null;
          MockResponse.Builder b = new MockResponse.Builder().code(conditional ? 304 : 200);
          answer.get().forEach((name, values) -> values.forEach(v -> b.addHeaderLenient(name, v)));
          if (!conditional) {
            b.addHeader("Content-Type", "application/json").body(new String(HOODIE, StandardCharsets.UTF_8));
          }
          return b.build();
        }
      });
      server.start(InetAddress.getLoopbackAddress(), 0);
      try (MicroEventClient core = MicroEventClient.builder()
              .addEdgePlane(Plane.edge("edge-a", server.url("/").uri(), 0))
              .healthChecksEnabled(false)
              .policy(Intent.READ, IntentPolicy.defaultsFor(Intent.READ).toBuilder()
                  .attemptTimeout(Duration.ofSeconds(2))
                  .retry(RetryConfig.defaults().withMaxAttempts(1))
                  .circuitBreaker(null)
                  .build())
              .build();
          CommerceClient commerce = CommerceClient.builder().client(core).refreshExecutor(Runnable::run).build()) {
        commerce.catalog().product(Sku.of("HOODIE-1")); // connection and classes ready before measuring inputs
        // Over a real socket: a twentieth of the inputs (150 in a build, 50,000 on demand).
        System.out.println(Fuzz.parser("read cache response headers over loopback", in -> {
          Map<String, List<String>> headers = headerBlock(in);
          // A header line cannot carry CR, LF or NUL on the wire; the seam run covers them.
          headers.replaceAll((name, values) -> values.stream().map(v -> v.replaceAll("[\r\n\0]", " ")).toList());
          answer.set(headers);
          commerce.cache().invalidateAll();
          commerce.catalog().product(Sku.of("HOODIE-1"));
          commerce.catalog().product(Sku.of("HOODIE-1"));
        }).seeds(SEEDS).dictionary(TOKENS).typed(SdkException.class)
            .inputs(Math.max(1, Integer.getInteger("fuzz.inputs", Fuzz.DEFAULT_INPUTS) / 20))
            .run());
      }
    }
  }

  /** One input through a fresh cache: three reads, the last while the backend fails. */
  private static void throughTheSeam(byte[] input) {
    Map<String, List<String>> headers = headerBlock(input);
    int h = Arrays.hashCode(input);
    ReadCacheConfig config = (h & 1) == 0 ? WEIGHTED : PLAIN;
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    boolean[] down = {false};
    LocalReadCache cache = new LocalReadCache(request -> {
      if (down[0]) {
        throw new HttpServiceException("edge-a", 503, new byte[0], null, null);
      }
      int status = request.headers().containsKey("if-none-match") ? 304 : 200;
      return new EdgeResponse(status, headers, status == 304 ? new byte[0] : HOODIE, "edge-a", 1, Duration.ZERO, null);
    }, time.clock(), config, Runnable::run, new CommerceMeters(null));

    cache.read(PATH, Backend::product);
    time.advance(WAITS[Math.floorMod(h >> 1, WAITS.length)]);
    cache.read(PATH, Backend::product);
    time.advance(WAITS[Math.floorMod(h >> 4, WAITS.length)]);
    down[0] = true;
    try {
      cache.read(PATH, Backend::product);
    } catch (HttpServiceException expected) {
      // nothing usable within the windows: the failure itself is the answer
    }
    if (cache.stats().maxServedStaleness().compareTo(config.maxStaleness()) > 0) {
      throw new AssertionError("served a copy stale by " + cache.stats().maxServedStaleness() + ", past the bound "
          + config.maxStaleness());
    }
  }

  /** The input as response headers: {@code name: value} lines, names lower-cased as the client delivers them. */
  private static Map<String, List<String>> headerBlock(byte[] input) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : Fuzz.latin1(input).split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        if (CACHING_FIELDS.contains(name)) {
          headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
      }
    }
    return headers;
  }
}
