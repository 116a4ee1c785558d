package dev.microevent.commerce.internal;

import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutResult;
import dev.microevent.commerce.CheckoutResult.FailureReason;
import dev.microevent.commerce.Order;
import org.jspecify.annotations.Nullable;

/**
 * What an error answer of the checkout API proves about a checkout's key: the one place that
 * decides whether a key may be closed. Only the backend's own documented refusals (the status
 * together with its problem type, {@code docs/commerce-api.yaml}) close a key; any other client
 * error (a firewall, an expired token, a misrouted plane, a 404 from something in between) proves
 * nothing about the backend, so the key stays open: an earlier copy of the request may still be
 * on its way and must meet the same key.
 */
enum KeyVerdict {
  /** 409: the backend is still processing the key; wait and send it again. */
  IN_FLIGHT,
  /** 422 {@code idempotency-key-reused}: the key belongs to another payload; closed. */
  KEY_REUSED,
  /** 410 {@code idempotency-key-fenced}: the key was closed (fenced, refused, abandoned) unpaid. */
  KEY_CLOSED,
  /** 410 {@code idempotency-key-expired}: the backend no longer remembers the key; nothing is proven. */
  KEY_EXPIRED,
  /** 402 {@code payment-declined}: the decline is stored under the key; closed. */
  DECLINED,
  /** 400 {@code invalid-request}: the backend refused the request and closed the key. */
  INVALID_REQUEST,
  /** 400 {@code sold-out}: the backend refused the request and closed the key. */
  SOLD_OUT,
  /** Anything else: no decision of the backend is proven; the key stays open. */
  UNDECIDED;

  static KeyVerdict of(int status, Wire.ProblemDoc problem) {
    return switch (status) {
      case 409 -> IN_FLIGHT;
      case 422 -> problem.is("idempotency-key-reused") ? KEY_REUSED : UNDECIDED;
      case 410 -> problem.is("idempotency-key-fenced") ? KEY_CLOSED
          : problem.is("idempotency-key-expired") ? KEY_EXPIRED : UNDECIDED;
      case 402 -> problem.is("payment-declined") ? DECLINED : UNDECIDED;
      case 400 -> problem.is("sold-out") ? SOLD_OUT : problem.is("invalid-request") ? INVALID_REQUEST : UNDECIDED;
      default -> UNDECIDED;
    };
  }

  /**
   * The answer this verdict gives (not for {@link #IN_FLIGHT} or {@link #KEY_REUSED}, which the
   * caller handles: a wait, an exception).
   */
  CheckoutResult result(CheckoutId id, CartId cartId, @Nullable Order declined, int status,
      Wire.ProblemDoc problem) {
    return switch (this) {
      case KEY_CLOSED -> CheckoutResult.failed(id, cartId, FailureReason.NOT_RECEIVED, null, "the backend closed "
          + "this checkout's key without charging it (a resolve fenced it, or it was refused or abandoned), so no "
          + "copy of it can be charged; nothing was charged and the cart may be submitted again");
      case KEY_EXPIRED -> CheckoutResult.unknown(id, cartId, "the backend answered 410 idempotency-key-expired: "
          + "the key is older than its retention and it no longer remembers whether it charged it. Check the "
          + "cart's orders or the payment provider before paying again; the checkout stays pending");
      case DECLINED -> CheckoutResult.failed(id, cartId, FailureReason.DECLINED, declined,
          "the payment was declined: " + problem.describe());
      case INVALID_REQUEST, SOLD_OUT -> CheckoutResult.failed(id, cartId,
          this == SOLD_OUT ? FailureReason.SOLD_OUT : FailureReason.INVALID_REQUEST, null,
          "the backend refused the checkout (" + status + "): " + problem.describe());
      case UNDECIDED, IN_FLIGHT, KEY_REUSED -> CheckoutResult.unknown(id, cartId, "no decision of the backend: "
          + status + " is not one of its documented refusals (it may come from a plane, a firewall or an expired "
          + "token), so the checkout keeps its key and stays pending; fix the cause, then submit again or "
          + "resolve it: " + problem.describe());
    };
  }
}
