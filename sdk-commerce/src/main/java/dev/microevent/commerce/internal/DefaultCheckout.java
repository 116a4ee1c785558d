package dev.microevent.commerce.internal;

import dev.microevent.commerce.CartId;
import dev.microevent.commerce.Checkout;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutInProgressException;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.CheckoutRequest;
import dev.microevent.commerce.CheckoutResult;
import dev.microevent.commerce.CheckoutResult.FailureReason;
import dev.microevent.commerce.CheckoutStats;
import dev.microevent.commerce.IdempotencyKeyReusedException;
import dev.microevent.commerce.Money;
import dev.microevent.commerce.Order;
import dev.microevent.commerce.OrderId;
import dev.microevent.commerce.OrderStatus;
import dev.microevent.commerce.PendingCheckout;
import dev.microevent.commerce.UnsupportedBackendException;
import dev.microevent.core.CallRejectedException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.ShedException;
import dev.microevent.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkout over the core client with {@link Intent#PAYMENT}. The core client keeps the key across
 * its own retries and failover (it retries 5xx, 408, 429, timeouts and connection failures, which
 * is safe only because every attempt carries the key); this class keeps it across app restarts
 * (the journal), waits out 409 (the same key is still being processed) and turns every other
 * answer into PAID, FAILED or UNKNOWN.
 *
 * <p>FAILED ("nothing was charged, pay again") is answered only when no send of the key can ever
 * be charged: the backend closed the key (a stored decline, a refusal, a fence, a key of another
 * payload), or no send of it ever left. Every answer goes through the journal's compare-and-set
 * transitions, and an answer that lost a race to another path of the same checkout reports what
 * the journal holds instead of its own stale view.
 */
final class DefaultCheckout implements Checkout {
  private static final Logger log = LoggerFactory.getLogger(DefaultCheckout.class);
  private static final String PATH = Backend.BASE + "/checkouts";

  private final Backend backend;
  private final MicroEventClient client;
  private final CheckoutJournal journal;
  private final Supplier<String> keys;
  private final Duration inFlightWait;
  private final Duration retention;
  private final CommerceMeters meters;
  private final LongAdder paid = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder unknown = new LongAdder();
  private final LongAdder resumed = new LongAdder();

  DefaultCheckout(Backend backend, CheckoutJournal journal, Supplier<String> keys, Duration inFlightWait,
      Duration retention, CommerceMeters meters) {
    this.backend = backend;
    this.client = backend.client();
    this.journal = journal;
    this.keys = keys;
    this.inFlightWait = inFlightWait;
    this.retention = retention;
    this.meters = meters;
  }

  @Override
  public CheckoutResult submit(CheckoutRequest request) {
    Objects.requireNonNull(request, "request");
    String fingerprint = fingerprint(request);
    CheckoutJournal.Begin begin = journal.begin(request.cartId(), fingerprint, this::newId, client.runtime().clock().instant());
    CheckoutJournal.Row row = begin.row();
    if (row.state() == CheckoutJournal.State.PAID) {
      log.debug("cart {} is already paid by checkout {}; no new charge", row.cartId(), row.id());
      return count(stored(row));
    }
    if (begin.resumed()) {
      if (!row.fingerprint().equals(fingerprint)) {
        throw new CheckoutInProgressException(request.cartId(), row.id());
      }
      if (!row.createdAt().plus(retention).isAfter(client.runtime().clock().instant())) {
        // The backend may have forgotten the key: a resend could be charged as a new checkout.
        return finish(true, CheckoutResult.unknown(row.id(), row.cartId(), "checkout " + row.id() + " is older than "
            + "the backend's idempotency retention (" + retention.toHours() + " h), so it was not sent again: the "
            + "backend may have forgotten its key and would take a resend as a new checkout. Resolve it with "
            + "checkout().resolve(" + row.id() + ")"));
      }
      resumed.increment();
      meters.count("microevent.commerce.checkout.resumes");
      log.info("resuming checkout {} of cart {} with its original key", row.id(), row.cartId());
    }
    return exchange(row.id(), row.createdAt(), request.cartId(), new Wire.CheckoutDoc(request.cartId().value(),
        Wire.MoneyDoc.of(request.total()), request.payment().value(), false), true);
  }

  /**
   * A synthetic checkout for the probe: marked on the wire, never journaled, not counted with real
   * checkouts.
   */
  CheckoutResult synthetic(CartId cartId, Money total) {
    return exchange(newId(), client.runtime().clock().instant(), cartId, new Wire.CheckoutDoc(cartId.value(),
        Wire.MoneyDoc.of(total), "synthetic-probe", true), false);
  }

  private CheckoutId newId() {
    return new CheckoutId(keys.get());
  }

  private CheckoutResult exchange(CheckoutId id, Instant created, CartId cartId, Wire.CheckoutDoc doc, boolean real) {
    if (!real) {
      return send(id, created, cartId, doc, false);
    }
    CheckoutJournal.Transition go = journal.beginSend(id, client.runtime().clock().instant());
    if (!go.applied()) {
      log.debug("checkout {} was closed by another path before this send left; answering what the journal holds",
          id);
      return count(stored(go.row()));
    }
    try {
      return send(id, created, cartId, doc, true);
    } finally {
      journal.endSend(id);
    }
  }

  private CheckoutResult send(CheckoutId id, Instant created, CartId cartId, Wire.CheckoutDoc doc, boolean real) {
    EdgeRequest.Builder b = EdgeRequest.builder("POST", PATH)
        .header("accept", "application/json")
        .idempotencyKey(id.headerValue())
        .header(Backend.CLIENT_HEADER, journal.clientId())
        .header(Backend.KEY_AGE_HEADER, Backend.keyAge(created, client.runtime().clock().instant()))
        .body(Json.write(doc), "application/json");
    if (doc.synthetic()) {
      b.header(Backend.SYNTHETIC_HEADER, "probe");
    }
    EdgeRequest request = b.build();
    // What the 409 pauses add up to, on the scheduler (so virtual time in tests): no wall or
    // monotonic clock of our own to disagree with it.
    Duration waited = Duration.ZERO;
    for (int conflicts = 0; ; conflicts++) {
      try {
        EdgeResponse response = client.call(Intent.PAYMENT, request);
        Order order = backend.order(response.body());
        return finish(real, order.status() == OrderStatus.PAID ? CheckoutResult.paid(id, order)
            : CheckoutResult.failed(id, cartId, FailureReason.DECLINED, order, "the payment was declined"));
      } catch (HttpServiceException e) {
        Wire.ProblemDoc problem = Wire.ProblemDoc.parse(e.body());
        KeyVerdict verdict = KeyVerdict.of(e.statusCode(), problem);
        if (verdict == KeyVerdict.IN_FLIGHT) {
          Duration wait = e.retryAfter().orElse(Duration.ofMillis(100L << Math.min(conflicts, 4)));
          if (wait.compareTo(Duration.ofSeconds(2)) > 0) {
            wait = Duration.ofSeconds(2);
          }
          if (waited.plus(wait).compareTo(inFlightWait) <= 0 && pause(wait)) {
            waited = waited.plus(wait);
            continue;
          }
          return finish(real, CheckoutResult.unknown(id, cartId, "the backend was still processing this checkout "
              + "after " + inFlightWait.toMillis() + " ms (409); resolve it with checkout().resolve(" + id + ")"));
        }
        if (verdict == KeyVerdict.KEY_REUSED) {
          if (real) {
            CheckoutJournal.Transition t = journal.failed(id, "KEY_REUSED", null,
                "422: key reused with another payload", client.runtime().clock().instant());
            if (t.row().state() == CheckoutJournal.State.PAID) {
              return count(stored(t.row()));
            }
            failed.increment();
          }
          meters.count("microevent.commerce.checkouts", "outcome", "failed", "reason", "key_reused");
          throw new IdempotencyKeyReusedException(id, e.source(), e.body(), e.requestId().orElse(null),
              e.retryAfter().orElse(null));
        }
        Order declined = verdict == KeyVerdict.DECLINED && problem.orderId() != null
            ? declinedOrder(problem.orderId(), doc) : null;
        return finish(real, verdict.result(id, cartId, declined, e.statusCode(), problem));
      } catch (ShedException | CallRejectedException notSent) {
        // Closed as NOT_SENT only if no other send of the key ever left (see finish).
        return finish(real, CheckoutResult.failed(id, cartId, FailureReason.NOT_SENT, null,
            "not sent: " + notSent.getMessage()));
      } catch (SdkException e) {
        return finish(real, CheckoutResult.unknown(id, cartId, "no definite answer: " + e.getMessage()));
      }
    }
  }

  private @Nullable Order declinedOrder(String orderId, Wire.CheckoutDoc doc) {
    try {
      return new Order(OrderId.of(orderId), CartId.of(doc.cartId()), OrderStatus.DECLINED, doc.total().toMoney(),
          doc.synthetic(), null, client.runtime().clock().instant());
    } catch (IllegalArgumentException invalidId) {
      return null;
    }
  }

  /** Waits on the scheduler (virtual time in tests); false if the wait could not complete. */
  private boolean pause(Duration wait) {
    try {
      ScheduledFuture<?> f = client.runtime().scheduler().schedule(() -> { }, wait.toNanos(), TimeUnit.NANOSECONDS);
      f.get(wait.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Records an answer through the journal's transitions and returns what the journal then holds:
   * the answer itself when it made the transition, else the truth another path wrote.
   */
  private CheckoutResult finish(boolean real, CheckoutResult result) {
    return answered(real, real ? record(result) : result);
  }

  private CheckoutResult answered(boolean real, CheckoutResult answer) {
    String reason = answer.failureReason().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse("none");
    meters.count(real ? "microevent.commerce.checkouts" : "microevent.commerce.probe.checkouts",
        "outcome", answer.outcome().name().toLowerCase(Locale.ROOT), "reason", reason);
    return real ? count(answer) : answer;
  }

  /** One transition of the journal for the answer to a send; returns what the journal holds after it. */
  private CheckoutResult record(CheckoutResult result) {
    CheckoutId id = result.checkoutId();
    Instant now = client.runtime().clock().instant();
    CheckoutJournal.Transition t = switch (result.outcome()) {
      case PAID -> journal.paid(id, orderJson(result), result.detail(), now);
      case FAILED -> result.failureReason().orElseThrow() == FailureReason.NOT_SENT
          ? journal.notSent(id, true, result.detail(), now)
          : journal.failed(id, result.failureReason().orElseThrow().name(), orderJson(result), result.detail(), now);
      case UNKNOWN -> {
        CheckoutJournal.Row noted = journal.note(id, result.detail(), now);
        yield new CheckoutJournal.Transition(false, noted.state(), noted);
      }
    };
    if (t.applied()) {
      if (t.before() == CheckoutJournal.State.FAILED) {
        log.error("checkout {} of cart {} was closed as failed, and now the backend says it was charged: the backend "
            + "broke the fence contract (docs/commerce-api.yaml); the journal records it as paid", id, result.cartId());
      }
      return result;
    }
    CheckoutJournal.Row row = t.row();
    if (row.state() != CheckoutJournal.State.PENDING) {
      if (result.outcome() != CheckoutOutcome.UNKNOWN) {
        log.debug("checkout {} is already {}; this path's answer ({}) lost the race and reports the journal's",
            id, row.state(), result.outcome());
      }
      return stored(row);
    }
    if (result.outcome() == CheckoutOutcome.UNKNOWN) {
      log.warn("checkout {} of cart {} has no definite answer yet; it stays in the journal with its key: {}",
          id, result.cartId(), result.detail());
      return result;
    }
    // Only NOT_SENT is turned down while the checkout stays pending: another send of its key left.
    journal.note(id, result.detail(), now);
    return CheckoutResult.unknown(id, result.cartId(), result.detail() + "; but another send of this checkout may "
        + "have reached the backend, so it stays pending with its key: resolve it with checkout().resolve(" + id
        + ") or submit again");
  }

  private CheckoutResult count(CheckoutResult result) {
    (switch (result.outcome()) {
      case PAID -> paid;
      case FAILED -> failed;
      case UNKNOWN -> unknown;
    }).increment();
    return result;
  }

  private static @Nullable String orderJson(CheckoutResult r) {
    return r.order().map(o -> new String(Json.write(Wire.OrderDoc.of(o)), StandardCharsets.UTF_8)).orElse(null);
  }

  private CheckoutResult stored(CheckoutJournal.Row row) {
    Order order = row.orderJson() == null ? null : backend.order(row.orderJson().getBytes(StandardCharsets.UTF_8));
    if (row.state() == CheckoutJournal.State.PAID && order != null) {
      return CheckoutResult.paid(row.id(), order);
    }
    FailureReason reason = FailureReason.INVALID_REQUEST;
    for (FailureReason r : FailureReason.values()) {
      if (r.name().equals(row.failureReason())) {
        reason = r;
      }
    }
    return CheckoutResult.failed(row.id(), row.cartId(), reason, order, row.detail());
  }

  @Override
  public CheckoutResult resolve(CheckoutId checkoutId) {
    Objects.requireNonNull(checkoutId, "checkoutId");
    CheckoutJournal.Row row = journal.get(checkoutId).orElseThrow(() -> new IllegalArgumentException(
        "the journal has no checkout " + checkoutId + "; pending() lists the ones it has"));
    if (row.state() != CheckoutJournal.State.PENDING) {
      return stored(row);
    }
    if (journal.sending(checkoutId)) {
      return count(CheckoutResult.unknown(checkoutId, row.cartId(), "a send of this checkout from this app is still "
          + "on its way; its answer decides. Resolve again after it"));
    }
    if (row.sends() == row.unsent()) {
      // None of its sends left (a crash before the first, or every one refused locally): no fence needed.
      String detail = "it was never sent; nothing was charged and the cart may be submitted again";
      CheckoutJournal.Transition t = journal.notSent(checkoutId, false, detail, client.runtime().clock().instant());
      if (t.applied()) {
        return answered(true, CheckoutResult.failed(checkoutId, row.cartId(), FailureReason.NOT_SENT, null, detail));
      }
      if (t.row().state() != CheckoutJournal.State.PENDING) {
        return stored(t.row());
      }
      row = t.row(); // a send left meanwhile: the backend decides
    }
    return fence(row);
  }

  /**
   * Closes the key at the backend unless the backend received it: the fence and the checkout are
   * one atomic step there, so after a confirmed fence no copy of the request still on its way can
   * be charged, and only then is NOT_RECEIVED answered.
   */
  private CheckoutResult fence(CheckoutJournal.Row row) {
    CheckoutId id = row.id();
    EdgeResponse r;
    try {
      r = backend.fence(id, row.createdAt(), journal.clientId());
    } catch (HttpServiceException e) {
      if (e.statusCode() == 404 || e.statusCode() == 405) {
        throw new UnsupportedBackendException(e.source(), e.statusCode(), e.body(), e.requestId().orElse(null),
            "the fence of checkout " + id + " was answered " + e.statusCode() + ": nothing there fences keys");
      }
      KeyVerdict verdict = KeyVerdict.of(e.statusCode(), Wire.ProblemDoc.parse(e.body()));
      if (verdict == KeyVerdict.KEY_EXPIRED) {
        return finish(true, verdict.result(id, row.cartId(), null, e.statusCode(), Wire.ProblemDoc.parse(e.body())));
      }
      return count(CheckoutResult.unknown(id, row.cartId(), "the backend did not fence the key (" + e.statusCode()
          + "), so a copy still on its way could be charged; resolve again later: " + e.getMessage()));
    } catch (SdkException e) {
      return count(CheckoutResult.unknown(id, row.cartId(), "the key could not be fenced: " + e.getMessage()));
    }
    if (!Backend.fencesKeys(r)) {
      throw new UnsupportedBackendException(r.planeId(), r.statusCode(), r.body(), null, "the fence of checkout "
          + id + " was answered without " + UnsupportedBackendException.VERSION_HEADER + " >= 1.1, so its answer "
          + "cannot be trusted as a fence");
    }
    try {
      Wire.CheckoutStatusDoc status = Json.read(r.body(), Wire.CheckoutStatusDoc.class);
      switch (String.valueOf(status.state())) {
        case "FENCED" -> {
          return finish(true, KeyVerdict.KEY_CLOSED.result(id, row.cartId(), null, r.statusCode(),
              Wire.ProblemDoc.parse(new byte[0])));
        }
        case "ABANDONED" -> {
          return finish(true, CheckoutResult.failed(id, row.cartId(), FailureReason.ABANDONED, null, "the backend "
              + "could not finish this checkout within its processing bound and abandoned it: nothing was or will "
              + "be charged under its key, and the cart may be submitted again"));
        }
        case "PROCESSING" -> {
          return count(CheckoutResult.unknown(id, row.cartId(), "the backend is still processing it"));
        }
        case "PAID", "DECLINED" -> {
          String orderId = Wire.map("checkout status", () -> Wire.require(status.orderId(), "orderId"));
          Order order = backend.order(OrderId.of(orderId), false);
          return finish(true, order.status() == OrderStatus.PAID ? CheckoutResult.paid(id, order)
              : CheckoutResult.failed(id, row.cartId(), FailureReason.DECLINED, order, "the payment was declined"));
        }
        default -> {
          return count(CheckoutResult.unknown(id, row.cartId(), "the backend answered the fence with an unknown "
              + "state; resolve again later"));
        }
      }
    } catch (SdkException | IllegalArgumentException e) {
      return count(CheckoutResult.unknown(id, row.cartId(), "the fence's answer could not be read: "
          + e.getMessage()));
    }
  }

  @Override
  public List<PendingCheckout> pending() {
    return journal.pending().stream().map(CheckoutJournal.Row::toPending).toList();
  }

  @Override
  public List<CheckoutResult> resolvePending() {
    List<CheckoutResult> out = new ArrayList<>();
    for (CheckoutJournal.Row row : journal.pending()) {
      out.add(resolve(row.id()));
    }
    return out;
  }

  @Override
  public CheckoutStats stats() {
    return new CheckoutStats(paid.sum(), failed.sum(), unknown.sum(), resumed.sum(), journal.pending().size());
  }

  static String fingerprint(CheckoutRequest r) {
    String canonical = r.cartId().value() + "\n" + r.total().minorUnits() + "\n"
        + r.total().currency().getCurrencyCode() + "\n" + r.payment().value();
    return HexFormat.of().formatHex(Signing.sha256().digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }
}
