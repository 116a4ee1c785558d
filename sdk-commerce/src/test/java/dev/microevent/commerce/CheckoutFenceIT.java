package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.Interleaving.Gate;
import dev.microevent.commerce.Interleaving.Stop;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A checkout request can reach the backend long after the app gave up on it (a plane queued it).
 * Resolving an unknown checkout therefore fences its key at the backend before the SDK says "not
 * received": a copy that arrives later is refused and never charged.
 */
class CheckoutFenceIT {
  private static final String CHECKOUTS = Loopback.CHECKOUTS;
  private final Loopback net = new Loopback();
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  private List<Integer> deliverLate() {
    List<Integer> statuses = new ArrayList<>(net.edge.deliverLate());
    statuses.addAll(net.central.deliverLate());
    return statuses;
  }

  @Test
  void aRequestDeliveredAfterResolveSaidNotReceived_isRefused_andNeverCharged() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-late"), "tok_visa");
    net.edge.keepBackForLateDelivery(10, CHECKOUTS);
    net.central.keepBackForLateDelivery(10, CHECKOUTS);
    CheckoutResult lost = commerce.checkout().submit(request);
    assertThat(lost.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    net.edge.clearFaults();
    net.central.clearFaults();
    time.advance(Duration.ofSeconds(9));

    CheckoutResult resolved = commerce.checkout().resolve(lost.checkoutId());
    List<Integer> late = deliverLate();

    assertThat(resolved.failureReason()).contains(CheckoutResult.FailureReason.NOT_RECEIVED);
    assertThat(late).as("statuses of the copies delivered late").isNotEmpty().containsOnly(410);
    assertThat(net.backend.charges()).as("charges after the late copies arrived").isEmpty();
    CheckoutResult paid = commerce.checkout().submit(request);
    assertThat(paid.paid()).isTrue();
    assertThat(net.backend.charges()).hasSize(1);
    net.assertTruthful(resolved, paid);
  }

  @Test
  void theAppThatDiedWithItsSendOnTheWay_resolvesNotReceivedAfterARestart_andThatSendIsRefusedWhenItArrives()
      throws Exception {
    Interleaving dying = new Interleaving(net.core(b -> b.clock(time.clock())));
    CommerceClient first = net.commerce(dying);
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(first, "cart-zombie"), "tok_visa");
    Gate onItsWay = dying.stopNext("POST", CHECKOUTS, Stop.BEFORE_SENDING);
    CompletableFuture<CheckoutResult> zombie =
        net.async(() -> first.checkout().submit(request));
    onItsWay.awaitReached();
    time.advance(Duration.ofSeconds(9));

    // The app restarted on the same journal; its first send is still somewhere on the way.
    CommerceClient restarted = net.commerce(net.core(b -> b.clock(time.clock())));
    List<CheckoutResult> resolved = restarted.checkout().resolvePending();
    CheckoutResult paid = restarted.checkout().submit(request);
    onItsWay.open();
    CheckoutResult arrived = zombie.get(15, TimeUnit.SECONDS);

    assertThat(net.backend.charges()).as("charges of the cart").hasSize(1);
    assertThat(resolved).singleElement()
        .satisfies(r -> assertThat(r.failureReason()).contains(CheckoutResult.FailureReason.NOT_RECEIVED));
    assertThat(paid.paid()).isTrue();
    assertThat(arrived.failureReason()).contains(CheckoutResult.FailureReason.NOT_RECEIVED);
    net.assertTruthful(resolved.get(0), paid, arrived);
  }

  @Test
  void aFenceNeverClosesACheckoutTheBackendIsProcessing_andResolvesPaidOnceItIsCharged() throws Exception {
    CommerceClient first = net.commerce(net.core());
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(first, "cart-slow"), "tok_visa");
    net.backend.hold(CHECKOUTS);
    CompletableFuture<CheckoutResult> inFlight =
        net.async(() -> first.checkout().submit(request));
    await().atMost(Duration.ofSeconds(10)).until(() -> net.backend.held() == 1);
    // Another process on the same journal resolves while the backend is still charging.
    CommerceClient restarted = net.commerce(net.core());
    CheckoutId key = restarted.checkout().pending().get(0).checkoutId();

    CheckoutResult processing = restarted.checkout().resolve(key);
    net.backend.release();
    CheckoutResult charged = inFlight.get(15, TimeUnit.SECONDS);

    assertThat(processing.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(charged.paid()).isTrue();
    assertThat(restarted.checkout().resolve(key).paid()).isTrue();
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void resolveAnswersUnknown_whenTheBackendCannotFenceTheKey() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-old-backend"), "tok_visa");
    CheckoutResult lost = net.submitNeverReceived(commerce, request);
    time.advance(Duration.ofSeconds(9));
    // A backend (or a plane in front of it) that knows nothing of fences.
    String notFound = "{\"type\":\"https://microevent.dev/problems/not-found\",\"status\":404}";
    net.edge.answerRaw(5, 404, notFound, CHECKOUTS + "/");
    net.central.answerRaw(5, 404, notFound, CHECKOUTS + "/");

    CheckoutResult resolved = commerce.checkout().resolve(lost.checkoutId());

    assertThat(resolved.outcome()).as("a 404 alone does not prove the key can never be charged")
        .isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(commerce.checkout().pending()).extracting(PendingCheckout::checkoutId)
        .containsExactly(lost.checkoutId());
  }

  @Test
  void aRefusedCheckoutsKeyIsClosed_soACopyThatArrivesAfterARestockIsNeverCharged() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-restock"), "tok_visa");
    net.backend.setStock("HOODIE-1", 0);
    net.edge.keepBackForLateDelivery(1, CHECKOUTS);

    CheckoutResult soldOut = commerce.checkout().submit(request);
    net.backend.setStock("HOODIE-1", 10);
    List<Integer> late = deliverLate();

    assertThat(soldOut.failureReason()).contains(CheckoutResult.FailureReason.SOLD_OUT);
    assertThat(late).as("the first attempt, delivered after the restock").containsExactly(410);
    assertThat(net.backend.charges()).isEmpty();
    CheckoutResult paid = commerce.checkout().submit(request);
    assertThat(paid.paid()).isTrue();
    assertThat(net.backend.charges()).hasSize(1);
    net.assertTruthful(soldOut, paid);
  }
}
