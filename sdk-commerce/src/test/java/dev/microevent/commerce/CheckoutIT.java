package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checkout on loopback: one key per logical checkout, charged once, always a definite answer. */
class CheckoutIT {
  private static final String CHECKOUTS = Loopback.CHECKOUTS;
  private final Loopback net = new Loopback();
  /** A clock that moves only when a test says, for "later" in resolve tests. */
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  @Test
  void chargesOnce_whenCheckoutIsRetriedThroughAnEdgeOutage() {
    CommerceClient commerce = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-outage");
    // The edge processes the first attempt but the answer is lost, the central plane is briefly
    // overloaded, and the edge loses the next answer too: the client keeps retrying with one key.
    net.edge.loseResponses(2, CHECKOUTS);
    net.central.failNext(1, 503, CHECKOUTS);

    CheckoutResult result = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(result.outcome()).isEqualTo(CheckoutOutcome.PAID);
    List<FakeCommerceBackend.RecordedCall> reached = net.checkoutPosts();
    assertThat(reached).hasSizeGreaterThanOrEqualTo(3);
    assertThat(reached).extracting(FakeCommerceBackend.RecordedCall::idempotencyKey)
        .containsOnly(result.checkoutId().value());
    assertThat(reached).extracting(FakeCommerceBackend.RecordedCall::planeId).contains("edge-a", "central");
    assertThat(net.backend.charges()).hasSize(1);
    assertThat(net.backend.charges().get(0).amount()).isEqualTo(4500);
    assertThat(commerce.checkout().pending()).isEmpty();
  }

  @Test
  void sendsTheKeyAsAnRfc8941String() {
    CommerceClient commerce = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-sf");

    CheckoutResult result = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(net.checkoutPosts().get(0).header("Idempotency-Key"))
        .isEqualTo("\"" + result.checkoutId().value() + "\"");
  }

  @Test
  void resumesWithTheSameKey_whenANewClientOpensTheJournalAfterACrash() throws Exception {
    MicroEventClient core1 = net.core(b -> b.policy(dev.microevent.core.Intent.PAYMENT, Loopback.payments(1)));
    CommerceClient first = net.commerce(core1);
    Cart cart = Loopback.cartWithHoodie(first, "cart-crash");
    net.edge.stallResponses(1, CHECKOUTS);
    // The app sends the payment; the backend charges it; the app dies before the answer arrives.
    CompletableFuture<CheckoutResult> dying = net.async(() -> first.checkout().submit(Loopback.request(cart, "tok_visa")));
    await().atMost(Duration.ofSeconds(10)).until(() -> net.backend.charges().size() == 1);
    String sentKey = net.checkoutPosts().get(0).idempotencyKey();
    first.close();
    core1.close();
    dying.handle((r, e) -> null).get(10, TimeUnit.SECONDS);

    CommerceClient restarted = net.commerce(net.core());
    assertThat(restarted.checkout().pending()).extracting(p -> p.checkoutId().value()).containsExactly(sentKey);
    CheckoutResult result = restarted.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(result.outcome()).isEqualTo(CheckoutOutcome.PAID);
    assertThat(result.checkoutId().value()).isEqualTo(sentKey);
    assertThat(net.checkoutPosts()).extracting(FakeCommerceBackend.RecordedCall::idempotencyKey).containsOnly(sentKey);
    assertThat(net.backend.charges()).hasSize(1);
    assertThat(restarted.checkout().stats().resumed()).isEqualTo(1);
    assertThat(restarted.checkout().pending()).isEmpty();
  }

  @Test
  void waitsOutA409_andChargesOnce_whenTheSameCartIsSubmittedTwiceAtOnce() throws Exception {
    CommerceClient commerce = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-double-tap");
    net.backend.hold(CHECKOUTS);

    CompletableFuture<CheckoutResult> firstTap =
        net.async(() -> commerce.checkout().submit(Loopback.request(cart, "tok_visa")));
    await().atMost(Duration.ofSeconds(10)).until(() -> net.backend.held() == 1);
    CompletableFuture<CheckoutResult> secondTap =
        net.async(() -> commerce.checkout().submit(Loopback.request(cart, "tok_visa")));
    await().atMost(Duration.ofSeconds(10)).until(() -> net.checkoutPosts().size() >= 2);
    net.backend.release();

    CheckoutResult a = firstTap.get(15, TimeUnit.SECONDS);
    CheckoutResult b = secondTap.get(15, TimeUnit.SECONDS);
    assertThat(a.outcome()).isEqualTo(CheckoutOutcome.PAID);
    assertThat(b.outcome()).isEqualTo(CheckoutOutcome.PAID);
    assertThat(b.checkoutId()).isEqualTo(a.checkoutId());
    assertThat(b.order().orElseThrow().orderId()).isEqualTo(a.order().orElseThrow().orderId());
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void answersUnknown_whenTheAppRestartsWhileItsPaymentIsStillBeingProcessed() throws Exception {
    CommerceClient first = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(first, "cart-slow");
    net.backend.hold(CHECKOUTS);
    CompletableFuture<CheckoutResult> inFlight =
        net.async(() -> first.checkout().submit(Loopback.request(cart, "tok_visa")));
    await().atMost(Duration.ofSeconds(10)).until(() -> net.backend.held() == 1);
    // The app restarted while the payment was in flight (the old instance gave up the journal).
    first.close();
    CommerceClient restarted = net.track(net.commerceBuilder(net.core()).inFlightWait(Duration.ofMillis(300)).build());

    CheckoutResult r = restarted.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(r.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(r.detail()).contains("409").contains("resolve");
    assertThat(net.checkoutPosts()).extracting(FakeCommerceBackend.RecordedCall::idempotencyKey)
        .containsOnly(r.checkoutId().value());
    assertThat(restarted.checkout().pending()).extracting(PendingCheckout::checkoutId).containsExactly(r.checkoutId());
    net.backend.release();
    await().atMost(Duration.ofSeconds(15)).until(inFlight::isDone);
    assertThat(restarted.checkout().submit(Loopback.request(cart, "tok_visa")).paid()).isTrue();
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void refusesWith422_andTheNextSubmitUsesAFreshKey_whenTheKeyWasUsedForAnotherPayload() throws Exception {
    // Two tills cloned from one disk image share the journal's client id, and their key sources
    // repeat each other: the backend catches the reuse by the payload's fingerprint.
    Path image = net.dir.resolve("image.db");
    net.commerceBuilder(net.core()).journal(image).build().close();
    Files.copy(image, net.dir.resolve("clone.db"));
    CommerceClient a = net.track(net.commerceBuilder(net.core()).journal(image)
        .checkoutKeys(() -> "colliding-key").build());
    java.util.Iterator<String> keys = List.of("colliding-key", "fresh-key").iterator();
    CommerceClient b = net.track(net.commerceBuilder(net.core()).journal(net.dir.resolve("clone.db"))
        .checkoutKeys(keys::next).build());
    Cart cartA = Loopback.cartWithHoodie(a, "cart-a");
    Cart cartB = Loopback.cartWithHoodie(b, "cart-b");
    assertThat(a.checkout().submit(Loopback.request(cartA, "tok_visa")).paid()).isTrue();

    assertThatThrownBy(() -> b.checkout().submit(Loopback.request(cartB, "tok_visa")))
        .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(422);
          assertThat(e.checkoutId().value()).isEqualTo("colliding-key");
          assertThat(e.getMessage()).contains("different payload").doesNotContain("tok_visa");
        });
    assertThat(net.backend.charges()).hasSize(1);

    CheckoutResult retried = b.checkout().submit(Loopback.request(cartB, "tok_visa"));
    assertThat(retried.paid()).isTrue();
    assertThat(retried.checkoutId().value()).isEqualTo("fresh-key");
    assertThat(net.backend.charges()).hasSize(2);
  }

  @Test
  void refusesARepeatedKeyFromTheKeySource_beforeSendingAnything() {
    CommerceClient commerce = net.track(net.commerceBuilder(net.core()).checkoutKeys(() -> "same-key").build());
    Cart first = Loopback.cartWithHoodie(commerce, "cart-first");
    Cart second = Loopback.cartWithHoodie(commerce, "cart-second");
    assertThat(commerce.checkout().submit(Loopback.request(first, "tok_visa")).paid()).isTrue();

    assertThatThrownBy(() -> commerce.checkout().submit(Loopback.request(second, "tok_visa")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("unique key");
    assertThat(net.checkoutPosts()).hasSize(1);
    assertThat(commerce.checkout().pending()).isEmpty();
  }

  @Test
  void keepsTwoAppInstancesKeysApart_whenTheyPickTheSameKey() {
    CommerceClient tillA = net.track(net.commerceBuilder(net.core()).journal(net.dir.resolve("a.db"))
        .checkoutKeys(() -> "checkout-1").build());
    CommerceClient tillB = net.track(net.commerceBuilder(net.core()).journal(net.dir.resolve("b.db"))
        .checkoutKeys(() -> "checkout-1").build());
    Cart cartA = Loopback.cartWithHoodie(tillA, "cart-till-a");
    Cart cartB = Loopback.cartWithHoodie(tillB, "cart-till-b");

    CheckoutResult a = tillA.checkout().submit(Loopback.request(cartA, "tok_visa"));
    CheckoutResult b = tillB.checkout().submit(Loopback.request(cartB, "tok_visa"));

    assertThat(a.paid()).isTrue();
    assertThat(b.paid()).as("not a 422: keys are scoped per client").isTrue();
    assertThat(b.order().orElseThrow().cartId()).isEqualTo(cartB.cartId());
    List<String> clients = net.checkoutPosts().stream().map(c -> c.header("X-Microevent-Client")).toList();
    assertThat(clients).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(net.backend.charges()).extracting(FakeCommerceBackend.Charge::clientId).containsExactlyElementsOf(clients);
  }

  @Test
  void resumesUnderTheSameClient_afterARestart() {
    CommerceClient first = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(first, "cart-client");
    first.checkout().submit(Loopback.request(cart, "tok_visa"));
    first.close();

    CommerceClient restarted = net.commerce(net.core());
    Cart other = Loopback.cartWithHoodie(restarted, "cart-client-2");
    restarted.checkout().submit(Loopback.request(other, "tok_visa"));

    assertThat(net.checkoutPosts()).extracting(c -> c.header("X-Microevent-Client")).hasSize(2).doesNotContainNull()
        .containsOnly(net.checkoutPosts().get(0).header("X-Microevent-Client"));
  }

  @Test
  void resolvesAKeyWithCharactersThatMeanSomethingInAUrl() {
    CommerceClient commerce = net.track(net.commerceBuilder(net.core(b -> b.clock(time.clock())))
        .checkoutKeys(() -> "till/7?n=1#%").build());
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-odd-key");
    net.edge.loseResponses(10, CHECKOUTS);
    net.central.loseResponses(10, CHECKOUTS);
    CheckoutResult r = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));
    assertThat(r.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);

    time.advance(Duration.ofSeconds(9));
    net.edge.clearFaults();
    net.central.clearFaults();

    assertThat(commerce.checkout().resolve(r.checkoutId()).outcome()).isEqualTo(CheckoutOutcome.PAID);
    assertThat(net.backend.charges()).singleElement().satisfies(c -> assertThat(c.idempotencyKey())
        .isEqualTo("till/7?n=1#%"));
  }

  @Test
  void failsDeclined_withNothingCharged_andTheStoredDeclineIsReplayedToARetryOfTheKey() {
    CommerceClient commerce = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-declined");
    net.edge.loseResponses(1, CHECKOUTS);

    CheckoutResult r = commerce.checkout().submit(Loopback.request(cart, "tok_decline_insufficient"));

    assertThat(r.outcome()).isEqualTo(CheckoutOutcome.FAILED);
    assertThat(r.failureReason()).contains(CheckoutResult.FailureReason.DECLINED);
    assertThat(r.order()).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(OrderStatus.DECLINED));
    assertThat(net.checkoutPosts()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(net.backend.charges()).isEmpty();

    CheckoutResult other = commerce.checkout().submit(Loopback.request(cart, "tok_mastercard"));
    assertThat(other.paid()).isTrue();
    assertThat(other.checkoutId()).isNotEqualTo(r.checkoutId());
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void returnsThePaidResultWithoutAnyCall_whenAPaidCartIsSubmittedAgain() {
    CommerceClient commerce = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-paid");
    CheckoutResult paid = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));
    int calls = net.checkoutPosts().size();

    CheckoutResult again = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(again.paid()).isTrue();
    assertThat(again.order().orElseThrow().orderId()).isEqualTo(paid.order().orElseThrow().orderId());
    assertThat(net.checkoutPosts()).hasSize(calls);
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void answersUnknown_thenResolvesPaidFromOrderStatus_whenEveryAnswerIsLost() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-lost");
    net.edge.loseResponses(10, CHECKOUTS);
    net.central.loseResponses(10, CHECKOUTS);

    CheckoutResult r = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(r.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(r.detail()).contains("no definite answer");
    assertThat(commerce.checkout().pending()).hasSize(1);
    assertThat(commerce.checkout().resolve(r.checkoutId()).outcome())
        .as("the fence's answers are lost too").isEqualTo(CheckoutOutcome.UNKNOWN);

    time.advance(Duration.ofSeconds(9));
    net.edge.clearFaults();
    net.central.clearFaults();
    CheckoutResult resolved = commerce.checkout().resolve(r.checkoutId());

    assertThat(resolved.outcome()).isEqualTo(CheckoutOutcome.PAID);
    assertThat(resolved.order().orElseThrow().payment()).isPresent();
    assertThat(commerce.checkout().pending()).isEmpty();
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void resolvesNotReceived_whenTheBackendNeverSawTheKey_andTheCartCanBePaidAfter() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-never");
    CheckoutResult r = net.submitNeverReceived(commerce, Loopback.request(cart, "tok_visa"));
    assertThat(r.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);

    time.advance(Duration.ofSeconds(9));
    List<CheckoutResult> resolved = commerce.checkout().resolvePending();

    assertThat(resolved).singleElement().satisfies(x -> {
      assertThat(x.outcome()).isEqualTo(CheckoutOutcome.FAILED);
      assertThat(x.failureReason()).contains(CheckoutResult.FailureReason.NOT_RECEIVED);
    });
    CheckoutResult paid = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));
    assertThat(paid.paid()).isTrue();
    assertThat(paid.checkoutId()).isNotEqualTo(r.checkoutId());
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void refusesAChangedPayloadWithoutSending_whileTheCartsCheckoutIsUnknown() {
    CommerceClient commerce = net.commerce(net.core());
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-changed");
    net.edge.loseResponses(10, CHECKOUTS);
    net.central.loseResponses(10, CHECKOUTS);
    CheckoutResult r = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));
    int sent = net.checkoutPosts().size();

    assertThatThrownBy(() -> commerce.checkout().submit(Loopback.request(cart, "tok_other_card")))
        .isInstanceOfSatisfying(CheckoutInProgressException.class,
            e -> assertThat(e.pending()).isEqualTo(r.checkoutId()));
    assertThat(net.checkoutPosts()).hasSize(sent);
  }

  @Test
  void failsSoldOutWithNothingCharged() {
    CommerceClient commerce = net.commerce(net.core());
    CartId id = CartId.of("cart-greedy");
    commerce.carts().open(id);
    Cart cart = commerce.carts().setQuantity(id, Sku.of("CAP-1"), 6);

    CheckoutResult r = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(r.failureReason()).contains(CheckoutResult.FailureReason.SOLD_OUT);
    assertThat(net.backend.charges()).isEmpty();
    assertThat(net.backend.stock("CAP-1")).isEqualTo(5);
  }

  @Test
  void answersUnknownNotACrash_whenTheBackendAnswersGarbage_andResolvesLater() {
    CommerceClient commerce = net.commerce(net.core(b -> b.clock(time.clock())));
    Cart cart = Loopback.cartWithHoodie(commerce, "cart-garbage");
    net.edge.answerRaw(1, 201, "{\"orderId\": [[[[{\"oops\"", CHECKOUTS);

    CheckoutResult r = commerce.checkout().submit(Loopback.request(cart, "tok_visa"));

    assertThat(r.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
    assertThat(net.backend.charges()).isEmpty();
    time.advance(Duration.ofSeconds(9));
    assertThat(commerce.checkout().resolve(r.checkoutId()).failureReason())
        .contains(CheckoutResult.FailureReason.NOT_RECEIVED);
  }

  @Test
  void opensAJournalWrittenBeforeSendsWereCountedAsUnsent_andSettlesItsPendingCheckout() throws Exception {
    Path old = net.dir.resolve("old.db");
    // Written an hour ago, well within the backend's retention (the client here runs on the system clock).
    String anHourAgo = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE checkouts (checkout_id TEXT PRIMARY KEY, cart_id TEXT NOT NULL, fingerprint TEXT NOT NULL,"
          + " state TEXT NOT NULL, sends INTEGER NOT NULL DEFAULT 0, order_json TEXT, failure_reason TEXT,"
          + " detail TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, last_sent_at TEXT, updated_at TEXT NOT NULL)");
      s.execute("INSERT INTO checkouts(checkout_id, cart_id, fingerprint, state, sends, created_at, updated_at) VALUES"
          + " ('old-key', 'cart-old', 'fp', 'PENDING', 1, '" + anHourAgo + "', '" + anHourAgo + "'),"
          + " ('never-sent', 'cart-crashed', 'fp', 'PENDING', 0, '" + anHourAgo + "', '" + anHourAgo + "')");
    }
    CommerceClient commerce = net.track(net.commerceBuilder(net.core()).journal(old).build());

    assertThat(commerce.checkout().pending()).extracting(p -> p.checkoutId().value())
        .containsExactly("old-key", "never-sent");
    List<CheckoutResult> settled = commerce.checkout().resolvePending();

    assertThat(settled.get(0).failureReason()).as("its one send may have left: fenced, not concluded locally")
        .contains(CheckoutResult.FailureReason.NOT_RECEIVED);
    assertThat(settled.get(1).failureReason()).as("the app died before its first send: closed without a call")
        .contains(CheckoutResult.FailureReason.NOT_SENT);
    assertThat(net.backend.calls("PUT", CHECKOUTS + "/")).extracting(FakeCommerceBackend.RecordedCall::path)
        .containsExactly(CHECKOUTS + "/old-key/fence");
    assertThat(commerce.checkout().pending()).isEmpty();
  }
}
