package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.AuditSigningKey;
import dev.microevent.commerce.audit.AuditVerifier;
import dev.microevent.commerce.audit.SignedTreeHead;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an audit log, every checkout answer the app gets is a checkout-outcome entry in it, with
 * the amount: a paid submit, an unknown one and its later resolution; each proved by inclusion.
 */
class CheckoutAuditIT {
  private final Loopback net = new Loopback();

  @TempDir
  Path dir;

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  @Test
  void everyCheckoutAnswer_isAnAuditedOutcomeWithItsAmount() {
    AuditSigningKey key = AuditSigningKey.generate();
    List<AuditReceipt> receipts = new CopyOnWriteArrayList<>();
    try (AuditLog audit = AuditLog.builder().directory(dir.resolve("audit")).logId("popup.till-1").signingKey(key)
        .open()) {
      CommerceClient commerce = net.track(net.commerceBuilder(net.core()).auditLog(audit, receipts::add).build());
      CheckoutResult paid = commerce.checkout().submit(Loopback.request(Loopback.cartWithHoodie(commerce, "c-1"),
          "tok_visa"));
      CheckoutResult unknown = net.submitNeverReceived(commerce, Loopback.request(
          Loopback.cartWithHoodie(commerce, "c-2"), "tok_visa"));
      CheckoutResult resolved = commerce.checkout().resolve(unknown.checkoutId());

      assertThat(paid.outcome()).isEqualTo(CheckoutOutcome.PAID);
      assertThat(unknown.outcome()).isEqualTo(CheckoutOutcome.UNKNOWN);
      assertThat(resolved.outcome()).isNotEqualTo(CheckoutOutcome.UNKNOWN);
      await("three outcomes durable").atMost(Duration.ofSeconds(30)).until(() -> receipts.size() == 3);
      assertThat(receipts).extracting(r -> r.entry().kind()).containsOnly(AuditEntry.Kind.CHECKOUT_OUTCOME);
      assertThat(receipts).extracting(r -> r.entry().outcome().orElseThrow())
          .containsExactlyInAnyOrder(CheckoutOutcome.PAID, CheckoutOutcome.UNKNOWN, resolved.outcome());
      assertThat(receipts).extracting(r -> r.entry().amount().orElseThrow()).containsOnly(paid.order().orElseThrow()
          .total());
      SignedTreeHead head = audit.treeHead();
      AuditVerifier auditor = AuditVerifier.pinned(key.publicKey());
      for (AuditReceipt r : receipts) {
        assertThat(auditor.verifyInclusion(head, audit.inclusionProof(r.index(), head.size()), r).valid()).isTrue();
      }
    }
  }
}
