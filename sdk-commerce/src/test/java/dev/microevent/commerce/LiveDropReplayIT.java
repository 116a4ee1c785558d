package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.load.LoadGenerator;
import dev.microevent.testkit.load.LoadReport;
import dev.microevent.testkit.replay.TrafficFile;
import dev.microevent.testkit.replay.TrafficRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A recorded minute of a live drop (3,196 calls: catalogue and stock reads rising from 12/s to
 * 80/s when the drop opens, 32 checkouts, a 4 s venue-uplink outage at 30 s) replayed with the
 * testkit's replayer at ten times speed against a loopback backend. The SDK's clock runs ten times
 * faster too, so Cache-Control lifetimes mean what they meant during the drop. It runs twice: with
 * a backend tuned for drops, and with a backend that sends no Cache-Control at all, where only the
 * local-read weight (70 %) can answer reads locally.
 */
class LiveDropReplayIT {
  private static final double SPEED = 10;
  private static final Duration STALENESS_BOUND = Duration.ofSeconds(30);
  private final Loopback net = new Loopback();
  private final ScheduledExecutorService outage = Executors.newSingleThreadScheduledExecutor();
  private final ConcurrentMap<CheckoutOutcome, AtomicLong> outcomes = new ConcurrentHashMap<>();

  @AfterEach
  void close() throws Exception {
    outage.shutdownNow();
    net.close();
  }

  /** What the backend says about caching. */
  enum Backend {
    /** The API document's suggestion for products; inventory stricter than suggested (fresh 1 s, not 2 s). */
    TUNED("max-age=10, stale-while-revalidate=30, stale-if-error=300",
        "max-age=1, stale-while-revalidate=1, stale-if-error=30"),
    /** Nothing: Cache-Control alone would answer no read locally. */
    SILENT("", "");

    final String products;
    final String inventory;

    Backend(String products, String inventory) {
      this.products = products;
      this.inventory = inventory;
    }
  }

  @ParameterizedTest(name = "{0} backend")
  @EnumSource(Backend.class)
  void answersSeventyPercentOfReadsLocally_withinTheStalenessBound_whenALiveDropIsReplayedAtTenTimesSpeed(
      Backend backend) throws Exception {
    for (int i = 1; i <= 10; i++) {
      net.backend.product(String.format(Locale.ROOT, "DROP-%02d", i), "Drop item " + i, 1000L * i, "EUR", 10_000,
          "drop-1");
    }
    net.backend.productCacheControl(backend.products).inventoryCacheControl(backend.inventory);
    MicroEventClient core = net.core(b -> b.clock(new ScaledClock(SPEED)));
    CommerceClient commerce = net.track(net.commerceBuilder(core)
        .readCache(ReadCacheConfig.defaults().withMaxStaleness(STALENESS_BOUND))
        .probe(ProbeConfig.defaults().withInterval(Duration.ofMillis((long) (30_000 / SPEED))))
        .random(new Random(11))
        .build());
    List<TrafficRecord> traffic;
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/live-drop.ndjson"))) {
      traffic = TrafficFile.read(in, "live-drop.ndjson");
    }
    Random shopper = new Random(5);
    commerce.probes().start();
    var down = outage.schedule(() -> {
      net.edge.down();
      net.central.down();
    }, (long) (30_000 / SPEED), TimeUnit.MILLISECONDS);
    var up = outage.schedule(() -> {
      net.edge.up();
      net.central.up();
    }, (long) (34_000 / SPEED), TimeUnit.MILLISECONDS);

    LoadReport report = LoadGenerator.builder()
        .target((intent, request) -> serve(commerce, intent, request.path(), shopper))
        .replay(traffic, SPEED)
        .maxConcurrency(64)
        .build()
        .run();
    down.get(5, TimeUnit.SECONDS);
    up.get(5, TimeUnit.SECONDS);
    commerce.probes().stop();

    ReadCacheStats cache = commerce.cache().stats();
    CommerceSummary summary = commerce.summary();
    String figures = String.format(Locale.ROOT,
        "live drop replayed at %.0fx, %s backend: %d calls in %d ms (%d failed)%n"
            + "reads: %d, answered locally %d (%.1f%%: %d fresh, %d stale-while-revalidate, %d steered by the "
            + "weight, %d stale-if-error), backend loads %d, coalesced %d%n"
            + "stalest local answer %d ms (bound %d ms)%n"
            + "checkouts: %s; charges at the backend: %d%n%s",
        SPEED, backend, report.offered(), report.elapsed().toMillis(), report.failed(), cache.reads(),
        cache.localReads(), cache.localShare() * 100, cache.freshHits(), cache.staleWhileRevalidate(),
        cache.steered(), cache.staleIfError(),
        cache.backendLoads(), cache.coalesced(), cache.maxServedStaleness().toMillis(), STALENESS_BOUND.toMillis(),
        outcomes, net.backend.charges().size(), summary.describe());
    figures += summary.latestProbe().flatMap(ProbeResult::failedStep)
        .map(f -> String.format(Locale.ROOT, "%nlast probe failed at %s: %s", f.step(), f.detail())).orElse("");
    System.out.println(figures);
    Files.writeString(Path.of("target", "live-drop-replay-" + backend.name().toLowerCase(Locale.ROOT) + ".txt"),
        figures, StandardCharsets.UTF_8);

    assertThat(cache.reads()).isGreaterThan(3000);
    assertThat(cache.localShare()).isGreaterThanOrEqualTo(0.70);
    assertThat(cache.targetMet()).isTrue();
    assertThat(cache.maxServedStaleness()).isLessThanOrEqualTo(STALENESS_BOUND);
    if (backend == Backend.TUNED) {
      assertThat(cache.staleIfError()).as("stale answers while the uplink was down").isPositive();
    } else {
      assertThat(cache.freshHits() + cache.staleWhileRevalidate() + cache.staleIfError())
          .as("Cache-Control allowed nothing").isZero();
      assertThat(cache.steered()).as("the weight answered the local share").isEqualTo(cache.localReads());
      // About the 30 % non-local share plus refreshes (a third of the reads when measured; three
      // quarters before the refresh interval); loads that fail in the outage count too, so the
      // bound leaves room for a busy machine.
      assertThat(cache.backendLoads()).as("the weight spares the uplink").isLessThanOrEqualTo(cache.reads() / 2);
    }
    long paid = outcomes.getOrDefault(CheckoutOutcome.PAID, new AtomicLong()).get();
    assertThat(paid).isGreaterThanOrEqualTo(28);
    assertThat(net.backend.charges()).as("every paid checkout charged exactly once").hasSize((int) paid);
    assertThat(summary.probes().runs()).as("a probe every 30 s of drop time").isGreaterThanOrEqualTo(1);
    assertThat(commerce.probes().runOnce().outcome()).isEqualTo(ProbeResult.Outcome.PASSED);
  }

  private void serve(CommerceClient commerce, Intent intent, String path, Random shopper) {
    if (intent.equals(Intent.PAYMENT)) {
      Sku sku;
      synchronized (shopper) {
        sku = Sku.of(String.format(Locale.ROOT, "DROP-%02d", 1 + shopper.nextInt(10)));
      }
      CartId cart = CartId.random(new Random(shopper.hashCode() ^ System.nanoTime()));
      commerce.carts().open(cart);
      Cart c = commerce.carts().setQuantity(cart, sku, 1);
      CheckoutResult r = commerce.checkout().submit(Loopback.request(c, "tok_visa"));
      outcomes.computeIfAbsent(r.outcome(), k -> new AtomicLong()).incrementAndGet();
      return;
    }
    if (path.startsWith("/commerce/v1/products?drop=")) {
      commerce.catalog().products(DropId.of(path.substring(path.indexOf('=') + 1)));
    } else if (path.startsWith("/commerce/v1/products/")) {
      commerce.catalog().product(Sku.of(path.substring(path.lastIndexOf('/') + 1)));
    } else if (path.startsWith("/commerce/v1/inventory/")) {
      commerce.catalog().inventory(Sku.of(path.substring(path.lastIndexOf('/') + 1)));
    } else {
      throw new IllegalArgumentException("the drop file has an unexpected call: " + path);
    }
  }

  /** A clock that runs {@code speed} times faster than real time, for replays at a speed factor. */
  private static final class ScaledClock extends Clock {
    private final Instant origin = Instant.parse("2026-06-01T18:00:00Z");
    private final long startNanos = System.nanoTime();
    private final double speed;

    ScaledClock(double speed) {
      this.speed = speed;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return origin.plusNanos((long) ((System.nanoTime() - startNanos) * speed));
    }
  }

}
