package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.RetryConfig;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import dev.microevent.testkit.commerce.FakeCommercePlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A commerce backend behind an edge plane and a central plane on loopback, and clients over
 * them: what every commerce IT starts from. Closes everything it made.
 */
final class Loopback implements AutoCloseable {
  static final String CHECKOUTS = "/commerce/v1/checkouts";
  final FakeCommerceBackend backend;
  final FakeCommercePlane edge;
  final FakeCommercePlane central;
  final Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final AtomicInteger keySeq = new AtomicInteger();
  private final ExecutorService elsewhere = Executors.newCachedThreadPool();

  Loopback() {
    this(Clock.systemUTC());
  }

  Loopback(Clock backendClock) {
    backend = new FakeCommerceBackend(backendClock)
        .product("HOODIE-1", "Drop hoodie", 4500, "EUR", 100, "drop-1")
        .product("CAP-1", "Drop cap", 1500, "EUR", 5, "drop-1")
        .product("PROBE-1", "Probe item", 100, "EUR", 1);
    edge = backend.plane("edge-a");
    central = backend.plane("central");
    try {
      dir = Files.createTempDirectory("commerce-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Payment retries fast enough for tests; reads fail over quickly. */
  static IntentPolicy payments(int attempts) {
    return IntentPolicy.defaultsFor(Intent.PAYMENT).toBuilder()
        .attemptTimeout(Duration.ofMillis(1500))
        .deadline(Duration.ofSeconds(8))
        .retry(RetryConfig.defaults().withMaxAttempts(attempts).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
        .circuitBreaker(null)
        .build();
  }

  static IntentPolicy reads() {
    return IntentPolicy.defaultsFor(Intent.READ).toBuilder()
        .attemptTimeout(Duration.ofMillis(1000))
        .retry(RetryConfig.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
        .circuitBreaker(null)
        .build();
  }

  MicroEventClient.Builder coreBuilder(boolean withCentral) {
    MicroEventClient.Builder b = MicroEventClient.builder()
        .addEdgePlane(edge.asEdge(0))
        .healthChecksEnabled(false)
        .policy(Intent.PAYMENT, payments(5))
        .policy(Intent.READ, reads());
    if (withCentral) {
      b.centralPlane(central.asCentral());
    }
    return b;
  }

  MicroEventClient core(Consumer<MicroEventClient.Builder> tweak) {
    MicroEventClient.Builder b = coreBuilder(true);
    tweak.accept(b);
    MicroEventClient c = b.build();
    opened.add(0, c);
    return c;
  }

  MicroEventClient core() {
    return core(b -> { });
  }

  CommerceClient.Builder commerceBuilder(MicroEventClient core) {
    return CommerceClient.builder()
        .client(core)
        .journal(journalFile())
        .checkoutKeys(() -> "key-" + keySeq.incrementAndGet() + "-" + System.nanoTime());
  }

  CommerceClient commerce(MicroEventClient core) {
    return track(commerceBuilder(core).build());
  }

  CommerceClient track(CommerceClient c) {
    opened.add(0, c);
    return c;
  }

  Path journalFile() {
    return dir.resolve("checkouts.db");
  }

  /** A cart with one hoodie in it. */
  static Cart cartWithHoodie(CommerceClient commerce, String cartId) {
    CartId id = CartId.of(cartId);
    commerce.carts().open(id);
    return commerce.carts().setQuantity(id, Sku.of("HOODIE-1"), 1);
  }

  static CheckoutRequest request(Cart cart, String token) {
    return CheckoutRequest.builder().cart(cart.cartId()).total(cart.total()).payment(PaymentToken.of(token)).build();
  }

  /**
   * Checks that every answer told the truth about money: a PAID answer's key was charged, a
   * FAILED answer's key never was (nothing was charged, so paying again is safe).
   */
  void assertTruthful(CheckoutResult... answers) {
    List<String> charged = backend.charges().stream().map(FakeCommerceBackend.Charge::idempotencyKey).toList();
    for (CheckoutResult r : answers) {
      switch (r.outcome()) {
        case PAID -> assertThat(charged).as("%s says it was charged", r).contains(r.checkoutId().value());
        case FAILED -> assertThat(charged).as("%s says nothing was charged", r).doesNotContain(r.checkoutId().value());
        case UNKNOWN -> { }
      }
    }
  }

  /** Runs a step of a test on another thread: a second tap, a resolve, an app that is dying. */
  <T> CompletableFuture<T> async(Supplier<T> step) {
    return CompletableFuture.supplyAsync(step, elsewhere);
  }

  /** Submits while both planes answer 503 to every checkout: the backend never sees it, the answer is UNKNOWN. */
  CheckoutResult submitNeverReceived(CommerceClient commerce, CheckoutRequest request) {
    edge.failNext(10, 503, CHECKOUTS);
    central.failNext(10, 503, CHECKOUTS);
    try {
      return commerce.checkout().submit(request);
    } finally {
      edge.clearFaults();
      central.clearFaults();
    }
  }

  /** Delivers what both planes kept back; returns the backend's statuses, edge first. */
  List<Integer> deliverLate() {
    List<Integer> statuses = new ArrayList<>(edge.deliverLate());
    statuses.addAll(central.deliverLate());
    return statuses;
  }

  /**
   * The reads of a path the backend received. The attempts of one read share its trace id and
   * count once: on a busy machine an exchange can outlive its real-time attempt timeout and be
   * retried, and that retry is the pipeline's business, not a second load by the cache.
   */
  int loads(String path) {
    return (int) backend.calls("GET", path).stream()
        .map(c -> Objects.requireNonNull(c.header("traceparent"), "every read carries a traceparent").substring(3, 35))
        .distinct().count();
  }

  List<FakeCommerceBackend.RecordedCall> checkoutPosts() {
    return backend.calls("POST", "/commerce/v1/checkouts");
  }

  @Override
  public void close() throws IOException {
    elsewhere.shutdownNow();
    backend.release();
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not close " + c, e);
      }
    }
    edge.close();
    central.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
