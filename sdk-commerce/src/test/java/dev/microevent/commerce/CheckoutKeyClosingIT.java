package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A checkout's key is closed locally only on an answer that proves the backend decided (its
 * documented refusals, with its problem document); any other client error (a WAF, an expired
 * token, a misrouted plane) leaves the key open, because an earlier copy of the request may still
 * be on its way. A key older than the backend's retention is never resent blindly.
 */
class CheckoutKeyClosingIT {
  private static final String CHECKOUTS = Loopback.CHECKOUTS;
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final Loopback net = new Loopback(time.clock());

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "400, ",
      "400, idempotency-key-missing",
      "401, ",
      "402, ",
      "403, ",
      "404, not-found",
      "410, ",
      "413, ",
      "422, ",
  })
  void aClientErrorThatDoesNotProveTheBackendDecided_keepsTheKeyOpen_soACopyStillQueuedIsNotChargedTwice(
      int status, String problemType) {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-" + status), "tok_visa");
    net.edge.keepBackForLateDelivery(10, CHECKOUTS);
    net.central.keepBackForLateDelivery(10, CHECKOUTS);
    CheckoutResult lost = commerce.checkout().submit(request);
    net.edge.clearFaults();
    net.central.clearFaults();
    String body = problemType == null ? "<html>denied</html>"
        : "{\"type\":\"https://microevent.dev/problems/" + problemType + "\",\"status\":" + status + "}";
    net.edge.answerRaw(1, status, body, CHECKOUTS);
    net.central.answerRaw(1, status, body, CHECKOUTS);

    CheckoutResult refused = commerce.checkout().submit(request);
    CheckoutResult paid = commerce.checkout().submit(request);
    List<Integer> late = net.deliverLate();

    assertThat(lost.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(refused.outcome()).as("%s did not come from the backend's decision", status)
        .isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(refused.checkoutId()).isEqualTo(lost.checkoutId());
    assertThat(paid.paid()).isTrue();
    assertThat(paid.checkoutId()).as("the key was kept open").isEqualTo(lost.checkoutId());
    assertThat(late).as("the copies delivered late replay the stored result").isNotEmpty().containsOnly(201);
    assertThat(net.backend.charges()).as("charges of one cart").hasSize(1);
    net.assertTruthful(lost, refused, paid);
  }

  @Test
  void theBackendsOwnRefusal_closesTheKey_andTheCartCanBePaidUnderANewOne() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-refused"), "tok_visa");
    net.backend.setStock("HOODIE-1", 0);

    CheckoutResult soldOut = commerce.checkout().submit(request);
    net.backend.setStock("HOODIE-1", 10);
    CheckoutResult paid = commerce.checkout().submit(request);

    assertThat(soldOut.failureReason()).contains(CheckoutResult.FailureReason.SOLD_OUT);
    assertThat(paid.paid()).isTrue();
    assertThat(paid.checkoutId()).isNotEqualTo(soldOut.checkoutId());
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void aKeyOlderThanTheBackendsRetention_isNotResentBlindly_andTheBackendAnswersExpired_notFenced() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-old"), "tok_visa");
    net.edge.loseResponses(10, CHECKOUTS);
    net.central.loseResponses(10, CHECKOUTS);
    CheckoutResult lost = commerce.checkout().submit(request); // charged; every answer lost
    net.edge.clearFaults();
    net.central.clearFaults();
    int postsBefore = net.checkoutPosts().size();
    time.advance(Duration.ofHours(25)); // the backend has pruned the key

    CheckoutResult again = commerce.checkout().submit(request);
    CheckoutResult resolved = commerce.checkout().resolve(lost.checkoutId());

    assertThat(lost.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(again.outcome()).as("a key the backend may have forgotten").isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(again.checkoutId()).isEqualTo(lost.checkoutId());
    assertThat(again.detail()).contains("retention");
    assertThat(net.checkoutPosts()).as("checkout posts sent after the retention passed").hasSize(postsBefore);
    assertThat(resolved.outcome()).as("the backend forgot the key: nobody can say 'not charged'")
        .isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(resolved.detail()).contains("expired");
    assertThat(commerce.checkout().pending()).extracting(PendingCheckout::checkoutId)
        .containsExactly(lost.checkoutId());
    assertThat(net.backend.charges()).as("charged once, by the first submit").hasSize(1);
  }
}
