package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.commerce.Cart;
import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.CheckoutRequest;
import dev.microevent.commerce.CheckoutResult;
import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.Order;
import dev.microevent.commerce.PaymentToken;
import dev.microevent.commerce.Sku;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.OutlierDetectionConfig;
import dev.microevent.core.Plane;
import dev.microevent.core.RetryConfig;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import dev.microevent.testkit.commerce.FakeCommerceBackend.Charge;
import dev.microevent.testkit.commerce.FakeCommerceBackend.RecordedCall;
import dev.microevent.testkit.commerce.FakeCommercePlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commerce API (docs/commerce-api.yaml) through the deployable edge plane: real {@link
 * CommerceClient} tills on a core client whose only plane is a real {@link EdgePlaneServer}, whose
 * central plane is the testkit's commerce fake (with its faults). The plane passes the checkout
 * fence through, keeps idempotency keys per client as the backend does, and forwards checkouts and
 * fences as payments.
 */
class CommerceThroughPlaneIT {
  private static final String TOKEN = "commerce-it-token-0123456789";
  private static final String CHECKOUTS = "/commerce/v1/checkouts";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final FakeCommerceBackend backend = new FakeCommerceBackend()
      .product("HOODIE-1", "Drop hoodie", 4500, "EUR", 100)
      .product("CAP-1", "Drop cap", 1500, "EUR", 100);
  private final List<AutoCloseable> opened = new ArrayList<>();
  private FakeCommercePlane central;
  private EdgePlaneServer plane;

  @BeforeEach
  void start() {
    central = backend.plane("central");
    opened.add(central);
    plane = EdgePlaneServer.builder().port(0).planeId("venue-hub").centralUri(central.uri()).adminToken(TOKEN)
        .start();
    opened.add(0, plane);
  }

  @AfterEach
  void stop() throws Exception {
    backend.release();
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  @Test
  void aCheckoutLostBehindThePlane_resolvesNotReceivedOnlyThroughTheFence_andItsLateCopyIsRefusedNeverCharged() {
    CommerceClient till = till("till-a", 3, () -> UUID.randomUUID().toString());
    CheckoutRequest request = request(cart(till, "cart-late", "HOODIE-1", 1));
    // Central takes every copy the plane forwards and hands none to the backend yet (a queue).
    central.keepBackForLateDelivery(100, CHECKOUTS);
    CheckoutResult lost = till.checkout().submit(request);
    central.clearFaults();
    int keptBack = central.keptBack();

    CheckoutResult resolved = till.checkout().resolve(lost.checkoutId());
    List<Integer> late = central.deliverLate();

    assertThat(lost.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(keptBack).as("copies of the checkout the plane forwarded and central kept back").isPositive();
    assertThat(resolved.failureReason()).as(resolved.toString())
        .contains(CheckoutResult.FailureReason.NOT_RECEIVED);
    RecordedCall fence = backend.calls("PUT", CHECKOUTS + "/").stream().filter(c -> c.path().endsWith("/fence"))
        .findFirst().orElseThrow(() -> new AssertionError("no fence reached the backend through the plane"));
    assertThat(late).as("statuses of the copies delivered late").hasSize(keptBack).containsOnly(410);
    assertThat(backend.calls("POST", CHECKOUTS)).as("the late copies are in the fenced key's client scope")
        .extracting(c -> c.header(FakeCommerceBackend.CLIENT_HEADER)).containsOnly(fence.header(
            FakeCommerceBackend.CLIENT_HEADER));
    assertThat(backend.charges()).as("charges after the late copies arrived").isEmpty();
    CheckoutResult paid = till.checkout().submit(request);
    assertThat(paid.paid()).as(paid.toString()).isTrue();
    assertThat(backend.charges()).extracting(Charge::idempotencyKey).containsExactly(paid.checkoutId().value());
  }

  @Test
  void twoTillsUsingTheSameIdempotencyKeyThroughThePlane_eachGetTheirOwnCheckout_chargedOnce() {
    CommerceClient first = till("till-a", 3, () -> "till-key-0001");
    CommerceClient second = till("till-b", 3, () -> "till-key-0001");
    CheckoutRequest hoodie = request(cart(first, "cart-hoodie", "HOODIE-1", 1));
    CheckoutRequest caps = request(cart(second, "cart-caps", "CAP-1", 2));

    CheckoutResult a = first.checkout().submit(hoodie);
    CheckoutResult b = second.checkout().submit(caps);

    assertThat(a.checkoutId()).isEqualTo(b.checkoutId());
    assertThat(a.paid()).as(a.toString()).isTrue();
    assertThat(b.paid()).as(b.toString()).isTrue();
    assertThat(a.order().map(Order::cartId)).contains(CartId.of("cart-hoodie"));
    assertThat(b.order().map(Order::cartId)).contains(CartId.of("cart-caps"));
    assertThat(backend.charges()).extracting(Charge::amount).containsExactlyInAnyOrder(4500L, 3000L);
    assertThat(backend.charges()).extracting(Charge::clientId).doesNotHaveDuplicates();
  }

  @Test
  void checkoutsFailingBehindThePlane_burnThePlanesPaymentBudget_untilItPages() {
    CommerceClient till = till("till-a", 1, () -> UUID.randomUUID().toString());
    CheckoutRequest request = request(cart(till, "cart-outage", "HOODIE-1", 1));
    central.failNext(100_000, 503, CHECKOUTS);

    // Each submit resumes the same pending key: one more checkout the plane forwards and central refuses.
    await("the plane's payment budget pages (checkouts forwarded as PAYMENT)").atMost(Duration.ofSeconds(30))
        .until(() -> {
      assertThat(till.checkout().submit(request).paid()).isFalse();
      return paymentLevel().equals("PAGE");
    });

    assertThat(backend.charges()).isEmpty();
  }

  @Test
  void fencesFailingBehindThePlane_burnThePlanesPaymentBudget_untilItPages() {
    CommerceClient till = till("till-a", 1, () -> UUID.randomUUID().toString());
    CheckoutRequest request = request(cart(till, "cart-fence-outage", "HOODIE-1", 1));
    // A 401 from something in front of the backend: the checkout stays pending, and a client
    // error is not eligible for any budget, so only the fences below can burn one.
    central.failNext(1, 401, CHECKOUTS);
    CheckoutResult pending = till.checkout().submit(request);
    assertThat(pending.outcome()).as(pending.toString()).isEqualTo(CheckoutOutcome.UNKNOWN);
    central.failNext(100_000, 503, CHECKOUTS + "/");

    await("the plane's payment budget pages (fences forwarded as PAYMENT)").atMost(Duration.ofSeconds(30))
        .until(() -> {
      assertThat(till.checkout().resolve(pending.checkoutId()).outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
      return paymentLevel().equals("PAGE");
    });

    assertThat(backend.calls("PUT", CHECKOUTS + "/")).as("no fence reached the backend").isEmpty();
    assertThat(backend.charges()).isEmpty();
  }

  /** The plane's payment error budget level ({@code GET /admin/v1/alerts}), fed by what it forwards as PAYMENT. */
  private String paymentLevel() throws Exception {
    var r = Http.get(plane.uri(), "/admin/v1/alerts", "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode alerts = JSON.readTree(r.body());
    return alerts.path("levels").path("payment").asText("NONE");
  }

  /** A till: its own journal (so its own client id), the plane as its only plane. */
  private CommerceClient till(String name, int attempts, Supplier<String> keys) {
    MicroEventClient core = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("venue-hub", plane.uri(), 0))
        .healthChecksEnabled(false)
        .configSyncInterval(Duration.ZERO)
        // One plane: never eject it, whatever it answers.
        .outlierDetection(OutlierDetectionConfig.builder().consecutiveFailures(1_000_000).build())
        .policy(Intent.PAYMENT, patient(Intent.PAYMENT, attempts))
        .policy(CommerceClient.ORDER_FLOW, patient(CommerceClient.ORDER_FLOW, attempts))
        .build();
    opened.add(0, core);
    CommerceClient till = CommerceClient.builder().client(core).journal(dir.resolve(name + ".db")).checkoutKeys(keys)
        .build();
    opened.add(0, till);
    return till;
  }

  /**
   * Attempts longer than the plane's own deadline (8 s for payments), so each attempt ends with the
   * plane's answer and nothing the plane forwards is still on its way when a call returns; fast retries.
   */
  private static IntentPolicy patient(Intent intent, int attempts) {
    return IntentPolicy.defaultsFor(intent).toBuilder()
        .attemptTimeout(Duration.ofSeconds(20))
        .deadline(Duration.ofSeconds(70))
        .retry(RetryConfig.defaults().withMaxAttempts(attempts).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
        .circuitBreaker(null)
        .build();
  }

  private static Cart cart(CommerceClient till, String cartId, String sku, int quantity) {
    CartId id = CartId.of(cartId);
    till.carts().open(id);
    return till.carts().setQuantity(id, Sku.of(sku), quantity);
  }

  private static CheckoutRequest request(Cart cart) {
    return CheckoutRequest.builder().cart(cart.cartId()).total(cart.total()).payment(PaymentToken.of("tok_visa"))
        .build();
  }
}
