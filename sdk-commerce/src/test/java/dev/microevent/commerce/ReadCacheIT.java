package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.SdkException;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read cache on virtual time against a real loopback backend: every Cache-Control case,
 * stale answers while the edge is down, push invalidation and stampede protection.
 */
class ReadCacheIT {
  private static final Sku HOODIE = Sku.of("HOODIE-1");
  private static final String HOODIE_PATH = "/commerce/v1/products/HOODIE-1";
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final Loopback net = new Loopback();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicroEventClient core =
      net.core(b -> b.clock(time.clock()).scheduler(time.scheduler()).meterRegistry(registry));
  private CommerceClient commerce = net.commerce(core);

  @AfterEach
  void close() throws Exception {
    net.backend.release();
    net.close();
  }

  private int hoodieLoads() {
    return net.backend.calls("GET", HOODIE_PATH).size();
  }

  private String hoodieName() {
    return commerce.catalog().product(HOODIE).name();
  }

  private void rename(String name) {
    net.backend.product("HOODIE-1", name, 4500, "EUR", 100, "drop-1");
  }

  private void venueOffline() {
    net.edge.down();
    net.central.down();
  }

  private void venueOnline() {
    net.edge.up();
    net.central.up();
  }

  @Test
  void servesTheFreshCopyLocally_untilMaxAgeRunsOut() {
    net.backend.productCacheControl("max-age=10");
    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    rename("Hoodie v2");

    time.advance(Duration.ofSeconds(9));
    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    assertThat(hoodieLoads()).isEqualTo(1);

    time.advance(Duration.ofSeconds(2));
    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    assertThat(hoodieLoads()).isEqualTo(2);
    assertThat(commerce.cache().stats().freshHits()).isEqualTo(1);
  }

  @Test
  void countsTheAgeTheResponseArrivedWith() {
    net.backend.productCacheControl("max-age=10").age(8);
    hoodieName();

    time.advance(Duration.ofSeconds(3));
    hoodieName();

    assertThat(hoodieLoads()).isEqualTo(2);
  }

  @Test
  void neverKeepsANoStoreAnswer() {
    net.backend.productCacheControl("no-store, max-age=60, stale-if-error=600");
    hoodieName();
    hoodieName();
    venueOffline();

    assertThatThrownBy(this::hoodieName).isInstanceOf(SdkException.class);
    assertThat(hoodieLoads()).isEqualTo(2);
    assertThat(commerce.cache().stats().localReads()).isZero();
  }

  @Test
  void revalidatesEveryUse_withIfNoneMatch_whenNoCache() {
    net.backend.productCacheControl("no-cache, max-age=60");
    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    assertThat(hoodieName()).isEqualTo("Drop hoodie");

    List<FakeCommerceBackend.RecordedCall> loads = net.backend.calls("GET", HOODIE_PATH);
    assertThat(loads).hasSize(2);
    assertThat(loads.get(0).header("If-None-Match")).isNull();
    assertThat(loads.get(1).header("If-None-Match")).startsWith("\"");
    rename("Hoodie v2");
    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    assertThat(commerce.cache().stats().localReads()).isZero();
  }

  @Test
  void servesStaleWhileExactlyOneBackgroundRefreshRuns_withinStaleWhileRevalidate() {
    net.backend.productCacheControl("max-age=10, stale-while-revalidate=30");
    hoodieName();
    rename("Hoodie v2");
    time.advance(Duration.ofSeconds(15));

    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    assertThat(hoodieLoads()).as("the refresh waits for the scheduler").isEqualTo(1);

    time.runDueTasks();
    assertThat(hoodieLoads()).as("one refresh for both stale reads").isEqualTo(2);
    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    ReadCacheStats s = commerce.cache().stats();
    assertThat(s.staleWhileRevalidate()).isEqualTo(2);
    assertThat(s.maxServedStaleness()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void fetchesInTheForeground_pastTheStaleWhileRevalidateWindow() {
    net.backend.productCacheControl("max-age=10, stale-while-revalidate=30");
    hoodieName();
    rename("Hoodie v2");
    time.advance(Duration.ofSeconds(41));

    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    assertThat(commerce.cache().stats().staleWhileRevalidate()).isZero();
  }

  @Test
  void servesStaleWhileTheEdgeIsDown_andRefreshesWhenItReturns() {
    net.backend.productCacheControl("max-age=10, stale-if-error=120");
    hoodieName();
    venueOffline();
    time.advance(Duration.ofSeconds(30));

    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    ReadCacheStats down = commerce.cache().stats();
    assertThat(down.staleIfError()).isEqualTo(2);
    assertThat(down.maxServedStaleness()).isEqualTo(Duration.ofSeconds(20));

    rename("Hoodie v2");
    venueOnline();
    time.advance(Duration.ofSeconds(31)); // outlier ejection of the failed planes ends
    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    time.advance(Duration.ofSeconds(5));
    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    assertThat(commerce.cache().stats().freshHits()).isEqualTo(1);
  }

  @Test
  void refusesToServeStale_pastStaleIfError() {
    net.backend.productCacheControl("max-age=10, stale-if-error=60");
    hoodieName();
    venueOffline();
    time.advance(Duration.ofSeconds(71));

    assertThatThrownBy(this::hoodieName).isInstanceOf(SdkException.class);
    assertThat(commerce.cache().stats().staleIfError()).isZero();
  }

  @Test
  void neverServesStale_whenMustRevalidate() {
    net.backend.productCacheControl("max-age=10, must-revalidate, stale-while-revalidate=30, stale-if-error=300");
    hoodieName();
    time.advance(Duration.ofSeconds(15));
    rename("Hoodie v2");
    assertThat(hoodieName()).as("no stale-while-revalidate").isEqualTo("Hoodie v2");

    time.advance(Duration.ofSeconds(15));
    venueOffline();
    assertThatThrownBy(this::hoodieName).as("no stale-if-error").isInstanceOf(SdkException.class);
  }

  @Test
  void capsStalenessAtTheConfiguredBound_whateverTheBackendAllows() {
    commerce = net.track(net.commerceBuilder(core).journal(net.dir.resolve("bounded.db"))
        .readCache(ReadCacheConfig.defaults().withMaxStaleness(Duration.ofSeconds(20))).build());
    net.backend.productCacheControl("max-age=10, stale-if-error=3600");
    hoodieName();
    venueOffline();

    time.advance(Duration.ofSeconds(25));
    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    time.advance(Duration.ofSeconds(10));
    assertThatThrownBy(this::hoodieName).isInstanceOf(SdkException.class);
    assertThat(commerce.cache().stats().maxServedStaleness()).isLessThanOrEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void treatsADuplicatedMaxAgeAsStale() {
    net.backend.productCacheControl("max-age=60, MAX-AGE=5");
    hoodieName();
    hoodieName();

    assertThat(hoodieLoads()).isEqualTo(2);
  }

  @Test
  void appliesPushedInventoryUpdates_andIgnoresOlderOnes() {
    net.backend.inventoryCacheControl("max-age=60");
    Inventory before = commerce.catalog().inventory(HOODIE);
    assertThat(before.available()).isEqualTo(100);

    commerce.cache().apply(new InventoryUpdate(new Inventory(HOODIE, 3, before.version() + 1)));
    assertThat(commerce.catalog().inventory(HOODIE).available()).isEqualTo(3);
    commerce.cache().apply(new InventoryUpdate(new Inventory(HOODIE, 50, before.version())));
    assertThat(commerce.catalog().inventory(HOODIE).available()).isEqualTo(3);
    assertThat(net.backend.calls("GET", "/commerce/v1/inventory/HOODIE-1")).hasSize(1);

    net.backend.setStock("HOODIE-1", 0);
    commerce.cache().invalidate(HOODIE);
    assertThat(commerce.catalog().inventory(HOODIE).soldOut()).isTrue();
  }

  @Test
  void makesOneBackendCall_forAHundredConcurrentMisses() throws Exception {
    net.backend.productCacheControl("max-age=10");
    net.backend.hold(HOODIE_PATH);
    ExecutorService readers = Executors.newFixedThreadPool(100);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        answers.add(readers.submit(this::hoodieName));
      }
      await().atMost(Duration.ofSeconds(20))
          .until(() -> net.backend.held() == 1 && commerce.cache().stats().coalesced() == 99);
      net.backend.release();
      for (Future<String> a : answers) {
        assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo("Drop hoodie");
      }
    } finally {
      readers.shutdownNow();
    }
    assertThat(hoodieLoads()).isEqualTo(1);
    assertThat(commerce.cache().stats().backendLoads()).isEqualTo(1);
  }

  @Test
  void refreshesAHotStaleItemOnce_forAHundredConcurrentReads() throws Exception {
    net.backend.productCacheControl("max-age=10, stale-while-revalidate=30");
    hoodieName();
    time.advance(Duration.ofSeconds(12));
    ExecutorService readers = Executors.newFixedThreadPool(100);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        answers.add(readers.submit(this::hoodieName));
      }
      for (Future<String> a : answers) {
        assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo("Drop hoodie");
      }
    } finally {
      readers.shutdownNow();
    }
    time.runDueTasks();
    assertThat(hoodieLoads()).isEqualTo(2);
    assertThat(commerce.cache().stats().staleWhileRevalidate()).isEqualTo(100);
  }

  @Test
  void refusesHostileJson_andCachesNothingFromIt() {
    net.backend.productCacheControl("max-age=60");
    net.edge.answerRaw(1, 200, "[".repeat(5000), HOODIE_PATH);
    net.edge.answerRaw(1, 200, "{\"sku\":\"HOODIE-1\",\"name\":null,\"price\":{\"amount\":-5}}", HOODIE_PATH);

    assertThatThrownBy(this::hoodieName).isInstanceOf(ResponseMappingException.class);
    assertThatThrownBy(this::hoodieName).isInstanceOf(ResponseMappingException.class)
        .hasMessageContaining("invalid product");
    assertThat(hoodieName()).isEqualTo("Drop hoodie");
  }

  @Test
  void recordsWhereEachReadWasAnswered_inMicrometer() {
    net.backend.productCacheControl("max-age=10, stale-while-revalidate=30");
    hoodieName();
    hoodieName();
    time.advance(Duration.ofSeconds(12));
    hoodieName();

    assertThat(registry.get("microevent.commerce.cache.reads").tag("answer", "backend").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.commerce.cache.reads").tag("answer", "fresh").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.commerce.cache.reads").tag("answer", "stale").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.commerce.cache.local.share").gauge().value()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(registry.get("microevent.commerce.cache.local.target").gauge().value()).isEqualTo(0.7);
  }
}
