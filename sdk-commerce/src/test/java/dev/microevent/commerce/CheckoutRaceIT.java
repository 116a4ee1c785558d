package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.Interleaving.Gate;
import dev.microevent.commerce.Interleaving.Stop;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two paths of one checkout at once (a double tap, a resolve racing a resubmit, a send still on its
 * way), in exact interleavings: the journal keeps the truth whichever answer lands last, an answer
 * that lost the race reports that truth, and no cart is ever charged twice.
 */
class CheckoutRaceIT {
  private static final String CHECKOUTS = Loopback.CHECKOUTS;
  private final Loopback net = new Loopback();
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private Interleaving steps;
  private CommerceClient commerce;
  private CheckoutRequest request;

  @BeforeEach
  void start() {
    MicroEventClient core = net.core(b -> b.clock(time.clock()));
    steps = new Interleaving(core);
    commerce = net.commerce(steps);
    request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-race"), "tok_visa");
  }

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  private CompletableFuture<CheckoutResult> tapAsync() {
    return net.async(() -> commerce.checkout().submit(request));
  }

  @Test
  void aTapRefusedByTheRateLimit_landingAfterTheOtherTapWasCharged_answersPaid_andTheCartIsNotChargedAgain()
      throws Exception {
    Gate refused = steps.stopNext("POST", CHECKOUTS, Stop.REFUSED_LOCALLY);
    CompletableFuture<CheckoutResult> firstTap = tapAsync();
    refused.awaitReached();
    CheckoutResult secondTap = commerce.checkout().submit(request);
    refused.open();
    CheckoutResult first = firstTap.get(15, TimeUnit.SECONDS);

    CheckoutResult again = commerce.checkout().submit(request);

    assertThat(net.backend.charges()).as("charges of the cart").hasSize(1);
    assertThat(secondTap.paid()).isTrue();
    assertThat(first.outcome()).as("the refused tap lost the race: it reports what the journal holds")
        .isEqualTo(CheckoutOutcome.PAID);
    assertThat(first.order().orElseThrow().orderId()).isEqualTo(secondTap.order().orElseThrow().orderId());
    assertThat(again.checkoutId()).isEqualTo(secondTap.checkoutId());
    assertThat(commerce.checkout().pending()).isEmpty();
    net.assertTruthful(first, secondTap, again);
  }

  @Test
  void aTapRefusedByTheRateLimit_whileTheOtherTapIsBeingCharged_answersUnknown_notNothingCharged() throws Exception {
    Gate refused = steps.stopNext("POST", CHECKOUTS, Stop.REFUSED_LOCALLY);
    CompletableFuture<CheckoutResult> firstTap = tapAsync();
    refused.awaitReached();
    Gate charged = steps.stopNext("POST", CHECKOUTS, Stop.ANSWERED);
    CompletableFuture<CheckoutResult> secondTap = tapAsync();
    charged.awaitReached();

    refused.open();
    CheckoutResult first = firstTap.get(15, TimeUnit.SECONDS);
    charged.open();
    CheckoutResult second = secondTap.get(15, TimeUnit.SECONDS);

    net.assertTruthful(first, second);
    assertThat(first.outcome()).as("the other tap's send may charge: not 'nothing was charged'")
        .isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(second.paid()).isTrue();
    assertThat(commerce.checkout().submit(request).checkoutId()).isEqualTo(second.checkoutId());
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void aTapRefusedByTheRateLimit_afterTheOtherTapsAnswerWasLost_keepsTheKey_soTheNextSubmitResumesIt()
      throws Exception {
    Gate refused = steps.stopNext("POST", CHECKOUTS, Stop.REFUSED_LOCALLY);
    CompletableFuture<CheckoutResult> firstTap = tapAsync();
    refused.awaitReached();
    net.edge.loseResponses(10, CHECKOUTS);
    net.central.loseResponses(10, CHECKOUTS);
    CheckoutResult second = commerce.checkout().submit(request);
    refused.open();
    CheckoutResult first = firstTap.get(15, TimeUnit.SECONDS);
    net.edge.clearFaults();
    net.central.clearFaults();

    CheckoutResult next = commerce.checkout().submit(request);

    assertThat(net.backend.charges()).as("charges of the cart").hasSize(1);
    assertThat(second.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(first.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(next.paid()).isTrue();
    assertThat(next.checkoutId()).as("resumed with the key that was charged").isEqualTo(second.checkoutId());
    net.assertTruthful(first, second, next);
  }

  @Test
  void aResolveThatFencedTheKey_beforeAResumedSubmitArrived_refusesThatSubmit_andTheCartIsPaidOnceUnderANewKey()
      throws Exception {
    CheckoutResult lost = net.submitNeverReceived(commerce, request);
    assertThat(lost.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);

    Gate fenced = steps.stopNext("PUT", CHECKOUTS + "/", Stop.ANSWERED); // the backend closed the key
    CompletableFuture<CheckoutResult> resolving = net.async(() -> commerce.checkout().resolve(lost.checkoutId()));
    fenced.awaitReached();
    CheckoutResult resubmitted = commerce.checkout().submit(request);
    fenced.open();
    CheckoutResult resolved = resolving.get(15, TimeUnit.SECONDS);
    CheckoutResult last = commerce.checkout().submit(request);

    assertThat(resubmitted.checkoutId()).as("the resubmit resumed the fenced key").isEqualTo(lost.checkoutId());
    assertThat(resubmitted.failureReason()).contains(CheckoutResult.FailureReason.NOT_RECEIVED);
    assertThat(resolved.failureReason()).contains(CheckoutResult.FailureReason.NOT_RECEIVED);
    assertThat(last.paid()).isTrue();
    assertThat(last.checkoutId()).isNotEqualTo(lost.checkoutId());
    assertThat(net.backend.charges()).as("charges of the cart").hasSize(1);
    assertThat(commerce.checkout().pending()).isEmpty();
    net.assertTruthful(resubmitted, resolved, last);
  }

  @Test
  void aResolveWhoseFenceArrivesAfterAResumedSubmitWasCharged_answersPaid_neverNotReceived() throws Exception {
    CheckoutResult lost = net.submitNeverReceived(commerce, request);
    assertThat(lost.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);

    Gate fenceOnItsWay = steps.stopNext("PUT", CHECKOUTS + "/", Stop.BEFORE_SENDING);
    CompletableFuture<CheckoutResult> resolving = net.async(() -> commerce.checkout().resolve(lost.checkoutId()));
    fenceOnItsWay.awaitReached();
    CheckoutResult resubmitted = commerce.checkout().submit(request); // charged under the same key
    fenceOnItsWay.open();
    CheckoutResult resolved = resolving.get(15, TimeUnit.SECONDS);
    CheckoutResult last = commerce.checkout().submit(request);

    assertThat(resubmitted.paid()).isTrue();
    assertThat(resubmitted.checkoutId()).isEqualTo(lost.checkoutId());
    assertThat(resolved.paid()).as("the fence met the charge: the backend says so").isTrue();
    assertThat(last.checkoutId()).as("the cart stays paid: no new key").isEqualTo(lost.checkoutId());
    assertThat(net.backend.charges()).as("charges of the cart").hasSize(1);
    assertThat(commerce.checkout().pending()).isEmpty();
    net.assertTruthful(resubmitted, resolved, last);
  }

  @Test
  void resolveLeavesThisAppsOwnSendAlone_andAnswersUnknownUntilItLands() throws Exception {
    Gate onItsWay = steps.stopNext("POST", CHECKOUTS, Stop.BEFORE_SENDING);
    CompletableFuture<CheckoutResult> tap = tapAsync();
    onItsWay.awaitReached();
    // Longer than the payment deadline: a clock alone would say no attempt can be in flight.
    time.advance(Duration.ofSeconds(9));
    CheckoutId key = commerce.checkout().pending().get(0).checkoutId();

    CheckoutResult early = commerce.checkout().resolve(key);
    onItsWay.open();
    CheckoutResult paid = tap.get(15, TimeUnit.SECONDS);

    net.assertTruthful(early, paid);
    assertThat(early.outcome()).as("a send of this app is still on its way").isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(paid.paid()).isTrue();
    assertThat(commerce.checkout().resolve(key).paid()).isTrue();
    assertThat(net.backend.charges()).hasSize(1);
  }
}
