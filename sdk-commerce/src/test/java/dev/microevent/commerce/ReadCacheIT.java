package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read cache on virtual time against a real loopback backend: every Cache-Control case,
 * stale answers while the edge is down, push invalidation, stampede protection and the local-read
 * weight. Cases that show what Cache-Control alone allows switch the weight off ({@link
 * #plainRfc()}), so steering cannot mask them; the directives that forbid stale answers are shown
 * with the default weight on, since the weight must respect them too.
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

  /** Replaces the client with one whose local-read weight is 0: plain RFC 9111 / 5861. */
  private void plainRfc() {
    commerce = net.track(net.commerceBuilder(core).journal(net.dir.resolve("plain.db"))
        .readCache(ReadCacheConfig.defaults().withLocalReadTarget(0)).build());
  }

  /** The hoodie reads the cache sent to the backend ({@link Loopback#loads}). */
  private int hoodieLoads() {
    return net.loads(HOODIE_PATH);
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
    plainRfc();
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
    plainRfc();
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
  void aNotModifiedAnswerRenewsTheCopy_underTheCacheControlItCarries() {
    plainRfc();
    net.backend.productCacheControl("no-cache, max-age=60");
    hoodieName();
    net.backend.productCacheControl("max-age=30");

    assertThat(hoodieName()).as("revalidated: 304, same copy").isEqualTo("Drop hoodie");
    assertThat(hoodieLoads()).isEqualTo(2);
    time.advance(Duration.ofSeconds(20));

    assertThat(hoodieName()).as("the 304's max-age=30 without no-cache now applies").isEqualTo("Drop hoodie");
    assertThat(hoodieLoads()).isEqualTo(2);
  }

  @Test
  void servesStaleWhileExactlyOneBackgroundRefreshRuns_withinStaleWhileRevalidate() {
    plainRfc();
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
    plainRfc();
    net.backend.productCacheControl("max-age=10, stale-while-revalidate=30");
    hoodieName();
    rename("Hoodie v2");
    time.advance(Duration.ofSeconds(41));

    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    assertThat(commerce.cache().stats().staleWhileRevalidate()).isZero();
  }

  @Test
  void servesStaleWhileTheEdgeIsDown_andRefreshesWhenItReturns() {
    plainRfc();
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
    plainRfc();
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
    plainRfc();
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

  /** Reads the hoodie every two seconds, {@code n} times, letting background refreshes run. */
  private void readEveryTwoSeconds(int n) {
    for (int i = 0; i < n; i++) {
      hoodieName();
      time.advance(Duration.ofSeconds(2));
    }
  }

  @ParameterizedTest(name = "weight {0}")
  @ValueSource(doubles = {0.5, 0.7, 0.9})
  void steersTheLocalShareToTheWeight_whenCacheControlAloneWouldAnswerNothingLocally(double weight) {
    commerce = net.track(net.commerceBuilder(core).journal(net.dir.resolve("weighted.db"))
        .readCache(ReadCacheConfig.defaults().withLocalReadTarget(weight)).build());
    net.backend.productCacheControl("max-age=1");

    readEveryTwoSeconds(200);

    ReadCacheStats s = commerce.cache().stats();
    assertThat(s.freshHits()).as("every read finds the copy a second past max-age").isZero();
    assertThat(s.localShare()).as("steered to the weight, not beyond it").isCloseTo(weight, within(0.02));
    assertThat(s.steered()).isEqualTo(s.localReads());
    assertThat(s.maxServedStaleness()).as("refreshed once past the interval, read every 2 s")
        .isLessThanOrEqualTo(ReadCacheConfig.defaults().steeredRefreshInterval().plusSeconds(2));
    assertThat(s.localReadTarget()).isEqualTo(weight);
    assertThat(s.targetMet()).isTrue();
  }

  @Test
  void answersNothingLocally_withoutTheWeight_inTheSameTraffic() {
    plainRfc();
    net.backend.productCacheControl("max-age=1");
    // What a busy machine does now and then: an answer outlives the attempt timeout, the read is retried.
    net.edge.stallResponses(1, HOODIE_PATH);

    readEveryTwoSeconds(50);

    assertThat(commerce.cache().stats().localReads()).isZero();
    assertThat(hoodieLoads()).isEqualTo(50);
  }

  @Test
  void steersOnlyTheShortfall_whenSomeReadsAreFresh() {
    net.backend.productCacheControl("max-age=1");
    for (int i = 0; i < 100; i++) {
      hoodieName();
      hoodieName();
      time.advance(Duration.ofSeconds(2));
    }

    ReadCacheStats s = commerce.cache().stats();
    assertThat(s.freshHits()).isPositive();
    assertThat(s.steered()).isLessThan(s.localReads());
    assertThat(s.localShare()).isCloseTo(0.7, within(0.02));
  }

  @Test
  void steersNothing_whenFreshCopiesAlreadyReachTheWeight() {
    net.backend.productCacheControl("max-age=9");

    readEveryTwoSeconds(250); // four reads of every five find a fresh copy: 80 % local

    ReadCacheStats s = commerce.cache().stats();
    assertThat(s.localShare()).isGreaterThan(0.75);
    assertThat(s.steered()).as("at most once, while the first miss is made up").isLessThanOrEqualTo(1);
    assertThat(s.backendReads()).isGreaterThanOrEqualTo(45);
  }

  @Test
  void refreshesASteeredCopyOnce_inTheBackground() {
    net.backend.productCacheControl("max-age=1");
    hoodieName();
    rename("Hoodie v2");
    time.advance(Duration.ofSeconds(1).plus(ReadCacheConfig.defaults().steeredRefreshInterval()));

    assertThat(hoodieName()).as("steered: the stale copy").isEqualTo("Drop hoodie");
    assertThat(hoodieLoads()).as("the refresh waits for the scheduler").isEqualTo(1);
    time.runDueTasks();
    assertThat(hoodieLoads()).isEqualTo(2);
    assertThat(hoodieName()).isEqualTo("Hoodie v2");
  }

  @Test
  void refreshesAKeyItAnswersStale_atMostOncePerRefreshInterval() {
    commerce = net.track(net.commerceBuilder(core).journal(net.dir.resolve("interval.db"))
        .readCache(ReadCacheConfig.defaults().withLocalReadTarget(0.9)
            .withSteeredRefreshInterval(Duration.ofSeconds(5)))
        .build());
    net.backend.productCacheControl("");

    for (int i = 0; i < 120; i++) {
      hoodieName();
      time.advance(Duration.ofSeconds(1));
    }

    ReadCacheStats s = commerce.cache().stats();
    assertThat(s.localShare()).isCloseTo(0.9, within(0.02));
    assertThat(hoodieLoads()).as("the tenth the backend answers, plus one refresh per 5 s at most")
        .isLessThanOrEqualTo(12 + 24 + 1);
    assertThat(s.maxServedStaleness()).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void neverSteersPastTheStalenessBound() {
    commerce = net.track(net.commerceBuilder(core).journal(net.dir.resolve("bound.db"))
        .readCache(ReadCacheConfig.defaults().withLocalReadTarget(1).withMaxStaleness(Duration.ofSeconds(10)))
        .build());
    net.backend.productCacheControl("max-age=5");
    hoodieName();
    rename("Hoodie v2");

    time.advance(Duration.ofSeconds(16));

    assertThat(hoodieName()).isEqualTo("Hoodie v2");
    assertThat(commerce.cache().stats().steered()).isZero();
  }

  @Test
  void neverSteers_aNoCacheOrMustRevalidateAnswer_orKeepsANoStoreOne() {
    commerce = net.track(net.commerceBuilder(core).journal(net.dir.resolve("strict.db"))
        .readCache(ReadCacheConfig.defaults().withLocalReadTarget(1)).build());
    for (String strict : List.of("max-age=1, must-revalidate", "max-age=1, no-cache", "max-age=1, no-store")) {
      commerce.cache().invalidateAll();
      net.backend.productCacheControl(strict);
      hoodieName();
      time.advance(Duration.ofSeconds(3));
      rename(strict);

      assertThat(hoodieName()).as(strict).isEqualTo(strict);
    }
    assertThat(commerce.cache().stats().steered()).isZero();
  }

  @Test
  void keepsAnAnswerWithoutCacheControl_forTheWeightToSteer() {
    net.backend.productCacheControl("");
    hoodieName();
    rename("Hoodie v2");
    time.advance(Duration.ofSeconds(1));

    assertThat(hoodieName()).isEqualTo("Drop hoodie");
    assertThat(commerce.cache().stats().steered()).isEqualTo(1);
  }

  @Test
  void handsItsGaugesOver_whenClosedAndBuiltAgainOnTheSameRegistry() {
    net.backend.productCacheControl("max-age=10");
    hoodieName();
    hoodieName();
    assertThat(registry.get("microevent.commerce.cache.local.share").gauge().value()).isEqualTo(0.5);
    commerce.close();

    commerce = net.track(net.commerceBuilder(core).journal(net.dir.resolve("second.db")).build());
    hoodieName();

    assertThat(registry.get("microevent.commerce.cache.local.share").gauge().value()).as("the new client's").isZero();
  }
}
