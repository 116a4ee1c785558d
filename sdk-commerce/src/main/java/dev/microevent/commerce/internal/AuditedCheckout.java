package dev.microevent.commerce.internal;

import dev.microevent.commerce.Checkout;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.CheckoutRequest;
import dev.microevent.commerce.CheckoutResult;
import dev.microevent.commerce.CheckoutStats;
import dev.microevent.commerce.Money;
import dev.microevent.commerce.Order;
import dev.microevent.commerce.PendingCheckout;
import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkout with every answer the app gets appended to the audit log as a checkout outcome: each
 * {@code submit} answer (PAID, FAILED or UNKNOWN) with the request's total, and each definite
 * answer of {@code resolve} with the order's total, or the total its submit had in this process.
 * Appends never make a checkout wait (the log's {@code appendAsync}). Thread-safe.
 */
final class AuditedCheckout implements Checkout {
  private static final Logger log = LoggerFactory.getLogger(AuditedCheckout.class);
  /** Totals of checkouts answered UNKNOWN, kept for their resolution (oldest dropped first). */
  private static final int REMEMBERED = 10_000;

  private final Checkout checkout;
  private final AuditLog audit;
  private final Consumer<AuditReceipt> receipts;
  private final Clock clock;
  private final Map<CheckoutId, Money> unknownTotals = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<CheckoutId, Money> eldest) {
      return size() > REMEMBERED;
    }
  };

  AuditedCheckout(Checkout checkout, AuditLog audit, Consumer<AuditReceipt> receipts, Clock clock) {
    this.checkout = checkout;
    this.audit = audit;
    this.receipts = receipts;
    this.clock = clock;
  }

  @Override
  public CheckoutResult submit(CheckoutRequest request) {
    CheckoutResult r = checkout.submit(request);
    Money total = r.order().map(Order::total).orElse(request.total());
    if (r.outcome() == CheckoutOutcome.UNKNOWN) {
      synchronized (unknownTotals) {
        unknownTotals.put(r.checkoutId(), total);
      }
    }
    append(r, total);
    return r;
  }

  @Override
  public CheckoutResult resolve(CheckoutId checkoutId) {
    return resolved(checkout.resolve(checkoutId));
  }

  @Override
  public List<PendingCheckout> pending() {
    return checkout.pending();
  }

  @Override
  public List<CheckoutResult> resolvePending() {
    List<CheckoutResult> out = new ArrayList<>();
    for (CheckoutResult r : checkout.resolvePending()) {
      out.add(resolved(r));
    }
    return out;
  }

  @Override
  public CheckoutStats stats() {
    return checkout.stats();
  }

  private CheckoutResult resolved(CheckoutResult r) {
    if (r.outcome() == CheckoutOutcome.UNKNOWN) {
      return r;
    }
    Money remembered;
    synchronized (unknownTotals) {
      remembered = unknownTotals.remove(r.checkoutId());
    }
    Money total = r.order().map(Order::total).orElse(remembered);
    if (total == null) {
      log.warn("checkout {} resolved {} with no order and no total known in this process: not in the audit log",
          r.checkoutId(), r.outcome());
      return r;
    }
    append(r, total);
    return r;
  }

  private void append(CheckoutResult r, @Nullable Money total) {
    if (total == null) {
      return;
    }
    var unused = audit.appendAsync(AuditEntry.checkoutOutcome(r.checkoutId(), r.outcome(), total, clock.instant()))
        .whenComplete((receipt, e) -> {
          if (receipt != null) {
            try {
              receipts.accept(receipt);
            } catch (RuntimeException listener) {
              log.warn("the audit receipt listener threw; ignored", listener);
            }
          } else {
            log.warn("checkout {} ({}) could not be appended to the audit log: {}", r.checkoutId(), r.outcome(),
                String.valueOf(e));
          }
        });
  }
}
