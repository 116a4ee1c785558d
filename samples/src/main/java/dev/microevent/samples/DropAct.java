package dev.microevent.samples;

import dev.microevent.commerce.Cart;
import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.CheckoutRequest;
import dev.microevent.commerce.CheckoutResult;
import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.PaymentToken;
import dev.microevent.commerce.ProbeConfig;
import dev.microevent.commerce.Sku;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import dev.microevent.testkit.commerce.FakeCommercePlane;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Act 2, a live drop: shoppers read the drop's catalog (answered from the local read cache as
 * Cache-Control allows) and check out; a synthetic checkout probe runs every 2 s (the field's
 * 30 s, compressed); the edge plane loses checkout answers after charging and then dies for a
 * few seconds. Every checkout ends paid, failed or "unknown, resolve with order status", and
 * the backend charges each one once.
 */
final class DropAct {
  private static final Duration RUN = Duration.ofSeconds(10);
  private static final List<Sku> DROP = List.of(Sku.of("TEE-DROP"), Sku.of("CAP-DROP"), Sku.of("PIN-DROP"));

  private final Stage stage;
  private final PrintStream out;
  private final Map<CheckoutOutcome, AtomicLong> outcomes = new ConcurrentHashMap<>();

  DropAct(Stage stage) {
    this.stage = stage;
    this.out = stage.out();
  }

  void run() throws Exception {
    stage.title("Act 2: a live drop: local reads, checkouts through an edge outage, synthetic probes");
    FakeCommerceBackend backend = new FakeCommerceBackend()
        .product("TEE-DROP", "Drop tee", 3500, "EUR", 500, "drop-1")
        .product("CAP-DROP", "Drop cap", 2500, "EUR", 500, "drop-1")
        .product("PIN-DROP", "Drop pin", 800, "EUR", 500, "drop-1")
        .product("PROBE-1", "Probe item", 100, "EUR", 1_000_000)
        .productCacheControl("max-age=2, stale-while-revalidate=5, stale-if-error=30")
        .inventoryCacheControl("max-age=1, stale-while-revalidate=2, stale-if-error=15");
    Path journal = Files.createTempFile("drop-checkouts", ".db");
    try (FakeCommercePlane edge = backend.plane("venue-hub");
        FakeCommercePlane central = backend.plane("central");
        MicroEventClient core = MicroEventClient.builder()
            .addEdgePlane(edge.asEdge(0))
            .centralPlane(central.asCentral())
            .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(500)).withThresholds(2, 3))
            .build();
        CommerceClient commerce = CommerceClient.builder()
            .client(core)
            .journal(journal)
            .probe(ProbeConfig.defaults().withInterval(Duration.ofSeconds(2)))
            .build()) {
      var unused = commerce.probes().addListener(result ->
          stage.say("synthetic checkout probe: " + result.outcome() + " in " + result.duration().toMillis() + " ms"));
      commerce.probes().start();
      stage.say("the drop opens: 6 shoppers reading the catalog and checking out");
      shop(commerce, edge);
      commerce.probes().stop();
      stage.say("the drop closes");
      List<CheckoutResult> resolved = commerce.checkout().resolvePending();
      if (!resolved.isEmpty()) {
        stage.say("resolved " + resolved.size() + " checkout(s) left unknown, by order status: "
            + resolved.stream().map(r -> r.outcome().toString()).toList());
      }
      out.println();
      out.println("Drop summary (sdk-commerce):");
      out.println("  " + commerce.summary().describe().replace("\n", "\n  "));
      out.printf(Locale.ROOT, "  checkout answers the shoppers got: %s%n", outcomes);
      long paidOrders = backend.charges().stream().map(FakeCommerceBackend.Charge::orderId).distinct().count();
      out.printf(Locale.ROOT, "  the backend charged %d times for %d paid orders: %s%n", backend.charges().size(),
          paidOrders, backend.charges().size() == paidOrders ? "never twice" : "DOUBLE CHARGE");
      out.printf(Locale.ROOT, "  the backend saw %d synthetic probe calls (marked on the wire) and charged none of them%n",
          backend.calls().stream().filter(FakeCommerceBackend.RecordedCall::synthetic).count());
    } finally {
      Files.deleteIfExists(journal);
    }
  }

  private void shop(CommerceClient commerce, FakeCommercePlane edge) throws Exception {
    ExecutorService shoppers = Executors.newFixedThreadPool(6);
    ScheduledExecutorService script = Executors.newSingleThreadScheduledExecutor();
    try {
      var lose = script.schedule(() -> {
        edge.loseResponses(3, "/commerce/v1/checkouts");
        stage.say("!! the edge starts losing checkout answers after the backend charged (3 of them)");
      }, 2, TimeUnit.SECONDS);
      var down = script.schedule(() -> {
        edge.down();
        stage.say("!! edge plane venue-hub goes down");
      }, 4, TimeUnit.SECONDS);
      var up = script.schedule(() -> {
        try {
          edge.up();
          stage.say("edge plane venue-hub is back up");
        } catch (RuntimeException e) {
          stage.say("could not restart the edge plane: " + e);
        }
      }, 7, TimeUnit.SECONDS);
      // Each shopper looks at an item every 100 ms and buys about once a second.
      for (int s = 0; s < 6; s++) {
        Random random = new Random(s);
        var unused = script.scheduleAtFixedRate(() -> shoppers.execute(() -> browseAndMaybeBuy(commerce, random)),
            s * 15L, 100, TimeUnit.MILLISECONDS);
      }
      if (script.awaitTermination(RUN.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the drop script stopped early");
      }
      script.shutdownNow();
      shoppers.shutdown();
      if (!shoppers.awaitTermination(30, TimeUnit.SECONDS)) {
        stage.say("shoppers did not finish in time");
      }
      lose.cancel(false);
      down.cancel(false);
      up.cancel(false);
    } finally {
      shoppers.shutdownNow();
      script.shutdownNow();
    }
  }

  private void browseAndMaybeBuy(CommerceClient commerce, Random random) {
    try {
      Sku sku = DROP.get(random.nextInt(DROP.size()));
      commerce.catalog().product(sku);
      commerce.catalog().inventory(sku);
      if (random.nextInt(10) != 0) {
        return;
      }
      CartId cart = CartId.random(random);
      commerce.carts().open(cart);
      Cart c = commerce.carts().setQuantity(cart, sku, 1);
      CheckoutResult r = commerce.checkout().submit(CheckoutRequest.builder()
          .cart(cart).total(c.total()).payment(PaymentToken.of("tok_visa_" + random.nextInt(1000))).build());
      outcomes.computeIfAbsent(r.outcome(), k -> new AtomicLong()).incrementAndGet();
    } catch (SdkException e) {
      // a read or a cart call failed: the shopper tries again
    }
  }
}
