package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the local-read weight spares the venue link: 20,000 catalogue reads of 500 products drawn
 * from a Zipf distribution (s = 1, seeded), 50 reads per second of virtual time, against a
 * loopback backend that sends no Cache-Control at all, so only the weight answers reads locally.
 * Background refreshes run on the virtual scheduler between reads, so the figures are the same on
 * an idle laptop and a busy CI machine. They are printed and written to {@code
 * target/zipf-read-replay.txt}.
 */
class ZipfReadReplayIT {
  private static final int READS = 20_000;
  private static final int PRODUCTS = 500;
  private static final Duration BETWEEN_READS = Duration.ofMillis(20);

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final Loopback net = new Loopback();

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  @Test
  void sendsTheBackendLittleMoreThanTheNonLocalShare_withinTheStalenessBound_whenCacheControlAllowsNothing()
      throws Exception {
    for (int i = 1; i <= PRODUCTS; i++) {
      net.backend.product(sku(i), "Item " + i, 100L * i, "EUR", 1_000, "drop-1");
    }
    net.backend.productCacheControl("");
    MicroEventClient core = net.core(b -> b.clock(time.clock()).scheduler(time.scheduler()));
    ReadCacheConfig config = ReadCacheConfig.defaults();
    CommerceClient commerce = net.track(net.commerceBuilder(core).readCache(config).build());
    Zipf popularity = new Zipf(PRODUCTS, 1.0, new SplittableRandom(7));

    for (int i = 0; i < READS; i++) {
      commerce.catalog().product(Sku.of(sku(popularity.next())));
      time.advance(BETWEEN_READS);
    }
    time.runDueTasks();

    ReadCacheStats s = commerce.cache().stats();
    int backendRequests = net.backend.calls("GET", "/commerce/v1/products/").size();
    double backendShare = (double) backendRequests / s.reads();
    double nonLocalShare = 1 - s.localShare();
    String figures = String.format(Locale.ROOT,
        "Zipf replay: %d reads of %d products (s = 1), %d reads/s, no Cache-Control, target %.0f%%, "
            + "maxStaleness %d s, steered refresh interval %d s%n"
            + "answered locally %.1f%% (steered %d), non-local %.1f%%; backend requests %d = %.1f%% of reads "
            + "(%d foreground, %d background refreshes); stalest answer %d ms%n",
        s.reads(), PRODUCTS, 1000 / BETWEEN_READS.toMillis(), config.localReadTarget() * 100,
        config.maxStaleness().toSeconds(), config.steeredRefreshInterval().toSeconds(), s.localShare() * 100,
        s.steered(), nonLocalShare * 100, backendRequests, backendShare * 100, s.backendReads() - s.coalesced(),
        s.backendLoads() - (s.backendReads() - s.coalesced()), s.maxServedStaleness().toMillis());
    System.out.print(figures);
    Files.writeString(Path.of("target", "zipf-read-replay.txt"), figures, StandardCharsets.UTF_8);

    assertThat(s.reads()).isEqualTo(READS);
    assertThat(s.localShare()).as("the weight answers its share locally, within a read or two")
        .isGreaterThanOrEqualTo(config.localReadTarget() - 0.005);
    assertThat(s.backendLoads()).as("every request the cache sent reached the backend").isEqualTo(backendRequests);
    assertThat(backendShare).as("backend requests: the non-local share plus bounded refreshes")
        .isLessThanOrEqualTo(nonLocalShare + 0.08);
    assertThat(s.maxServedStaleness()).isLessThanOrEqualTo(config.maxStaleness());
  }

  private static String sku(int i) {
    return String.format(Locale.ROOT, "SKU-%04d", i);
  }

  /** Ranks 1..n drawn with probability proportional to 1 / rank^s. */
  private static final class Zipf {
    private final double[] cumulative;
    private final SplittableRandom random;

    Zipf(int n, double s, SplittableRandom random) {
      this.random = random;
      cumulative = new double[n];
      double sum = 0;
      for (int k = 1; k <= n; k++) {
        sum += 1 / Math.pow(k, s);
        cumulative[k - 1] = sum;
      }
      for (int k = 0; k < n; k++) {
        cumulative[k] /= sum;
      }
    }

    int next() {
      int at = Arrays.binarySearch(cumulative, random.nextDouble());
      return (at >= 0 ? at : -at - 1) + 1;
    }
  }
}
