package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.Interleaving.Gate;
import dev.microevent.commerce.Interleaving.Stop;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A checkout request can reach the backend long after the app gave up on it (a plane queued it).
 * Resolving an unknown checkout therefore fences its key at the backend before the SDK says "not
 * received": a copy that arrives later is refused and never charged.
 */
class CheckoutFenceIT {
  private static final String CHECKOUTS = Loopback.CHECKOUTS;
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final Loopback net = new Loopback(time.clock());

  @AfterEach
  void close() throws Exception {
    net.close();
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
    List<Integer> late = net.deliverLate();

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
    first.close(); // the app died; its first send is still somewhere on the way

    CommerceClient restarted = net.commerce(net.core(b -> b.clock(time.clock())));
    List<CheckoutResult> resolved = restarted.checkout().resolvePending();
    CheckoutResult paid = restarted.checkout().submit(request);
    onItsWay.open();
    await().atMost(Duration.ofSeconds(15)).until(zombie::isDone);

    assertThat(net.checkoutPosts()).as("the dead app's send arrived")
        .anySatisfy(c -> assertThat(c.idempotencyKey()).isEqualTo(resolved.get(0).checkoutId().value()));
    assertThat(net.backend.charges()).as("charges of the cart").hasSize(1);
    assertThat(resolved).singleElement()
        .satisfies(r -> assertThat(r.failureReason()).contains(CheckoutResult.FailureReason.NOT_RECEIVED));
    assertThat(paid.paid()).isTrue();
    net.assertTruthful(resolved.get(0), paid);
  }

  @Test
  void aFenceNeverClosesACheckoutTheBackendIsProcessing_andResolvesPaidOnceItIsCharged() throws Exception {
    CommerceClient first = net.commerce(net.core());
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(first, "cart-slow"), "tok_visa");
    net.backend.hold(CHECKOUTS);
    CompletableFuture<CheckoutResult> inFlight =
        net.async(() -> first.checkout().submit(request));
    await().atMost(Duration.ofSeconds(10)).until(() -> net.backend.held() == 1);
    // The app restarts while the backend is still charging; the new instance resolves.
    first.close();
    CommerceClient restarted = net.commerce(net.core());
    CheckoutId key = restarted.checkout().pending().get(0).checkoutId();

    CheckoutResult processing = restarted.checkout().resolve(key);
    net.backend.release();
    await().atMost(Duration.ofSeconds(15)).until(inFlight::isDone);

    assertThat(processing.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(restarted.checkout().resolve(key).paid()).isTrue();
    assertThat(net.backend.charges()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "404 | {\"type\":\"https://microevent.dev/problems/not-found\",\"status\":404}",
      "405 | {\"type\":\"https://microevent.dev/problems/invalid-request\",\"status\":405}",
      "200 | {\"key\":\"whatever\",\"state\":\"FENCED\"}",
  })
  void resolveRefusesWithATypedError_andNeverConcludesFenced_whenTheAnswerIsNotFromAFencingBackend(int status,
      String body) {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-old-backend"), "tok_visa");
    CheckoutResult lost = net.submitNeverReceived(commerce, request);
    time.advance(Duration.ofSeconds(9));
    // A backend of API 1.0 (no fences), or something in front of it that answers for it.
    net.edge.answerRaw(5, status, body, CHECKOUTS + "/");
    net.central.answerRaw(5, status, body, CHECKOUTS + "/");

    assertThatThrownBy(() -> commerce.checkout().resolve(lost.checkoutId()))
        .isInstanceOfSatisfying(UnsupportedBackendException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(status);
          assertThat(e.getMessage()).contains("1.1").contains("pending");
        });
    assertThat(commerce.checkout().pending()).extracting(PendingCheckout::checkoutId)
        .containsExactly(lost.checkoutId());
    assertThat(net.backend.charges()).isEmpty();
  }

  @Test
  void aCheckoutStuckProcessingPastTheBackendsBound_isAbandoned_andTheStuckRequestIsNeverCharged()
      throws Exception {
    CommerceClient first = net.commerce(net.core());
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(first, "cart-stuck"), "tok_visa");
    net.backend.hold(CHECKOUTS);
    CompletableFuture<CheckoutResult> stuck = net.async(() -> first.checkout().submit(request));
    await().atMost(Duration.ofSeconds(10)).until(() -> net.backend.held() == 1);
    CheckoutId key = first.checkout().pending().get(0).checkoutId();
    first.close(); // the app died; its request is stuck in the backend
    CommerceClient restarted = net.commerce(net.core());

    CheckoutResult early = restarted.checkout().resolve(key);
    time.advance(Duration.ofMinutes(11));
    CheckoutResult abandoned = restarted.checkout().resolve(key);
    net.backend.release();
    await().atMost(Duration.ofSeconds(20)).until(stuck::isDone);
    CheckoutResult paid = restarted.checkout().submit(request);

    assertThat(early.outcome()).as("within the bound it is still processing").isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(abandoned.failureReason()).contains(CheckoutResult.FailureReason.ABANDONED);
    assertThat(paid.paid()).isTrue();
    assertThat(paid.checkoutId()).isNotEqualTo(key);
    assertThat(net.backend.charges()).as("the stuck request was never charged").hasSize(1);
    net.assertTruthful(abandoned, paid);
  }

  @Test
  void aRefusedCheckoutsKeyIsClosed_soACopyThatArrivesAfterARestockIsNeverCharged() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-restock"), "tok_visa");
    net.backend.setStock("HOODIE-1", 0);
    net.edge.keepBackForLateDelivery(1, CHECKOUTS);

    CheckoutResult soldOut = commerce.checkout().submit(request);
    net.backend.setStock("HOODIE-1", 10);
    List<Integer> late = net.deliverLate();

    assertThat(soldOut.failureReason()).contains(CheckoutResult.FailureReason.SOLD_OUT);
    assertThat(late).as("the first attempt, delivered after the restock").containsExactly(410);
    assertThat(net.backend.charges()).isEmpty();
    CheckoutResult paid = commerce.checkout().submit(request);
    assertThat(paid.paid()).isTrue();
    assertThat(net.backend.charges()).hasSize(1);
    net.assertTruthful(soldOut, paid);
  }
}
