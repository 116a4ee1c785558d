package dev.microevent.testkit.commerce;

import dev.microevent.testkit.internal.CommerceAnswer;
import dev.microevent.testkit.internal.CommerceModel;
import dev.microevent.testkit.internal.CommerceRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory commerce backend that implements {@code docs/commerce-api.yaml}: catalogue and
 * inventory reads with configurable {@code Cache-Control}, carts, checkout with
 * draft-ietf-httpapi-idempotency-key-header semantics (stored results, 409 while in flight, 422
 * on a reused key; keys scoped per client by {@value #CLIENT_HEADER}), fences (a key that was
 * resolved as not received, or refused, is closed: a copy of its request that arrives later gets
 * 410 and is never charged), order status, and synthetic (probe) traffic that is never charged or
 * fulfilled. It keeps a ledger of charges so tests can prove "charged once".
 *
 * <p>The backend itself has no socket: serve it through one or more {@link FakeCommercePlane}s
 * (an edge plane and a central plane in front of the same backend), each with its own faults.
 *
 * <pre>{@code
 * FakeCommerceBackend backend = new FakeCommerceBackend()
 *     .product("HOODIE-1", "Drop hoodie", 4500, "EUR", 100);
 * try (FakeCommercePlane edge = backend.plane("edge-a");
 *      FakeCommercePlane central = backend.plane("central")) {
 *   ... point a MicroEventClient at edge.uri() and central.uri() ...
 *   assertThat(backend.charges()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Its HTTP side (paths, parsing, status codes) and its domain (carts, orders, inventory,
 * idempotency keys, fences) are two internal classes; this class is the stable face of both.
 *
 * <p>Thread-safe.
 */
public final class FakeCommerceBackend {
  /** The header that marks probe traffic. */
  public static final String SYNTHETIC_HEADER = "X-Microevent-Synthetic";
  /** The header that names the client: idempotency keys are scoped per client. */
  public static final String CLIENT_HEADER = "X-Microevent-Client";
  /** The header with the age of a checkout's key in whole seconds, by the client's clock. */
  public static final String KEY_AGE_HEADER = "X-Microevent-Key-Age";
  /** The header every answer carries: the version of {@code docs/commerce-api.yaml} implemented. */
  public static final String API_VERSION_HEADER = "X-Microevent-Commerce-Api";
  /** The API version this fake implements (1.1: fences, key expiry, bounded processing). */
  public static final String API_VERSION = "1.1";
  /** Payment tokens starting with this are declined. */
  public static final String DECLINE_PREFIX = "tok_decline";

  private final CommerceModel model;
  private final CommerceRouter router;

  /** A backend on the system clock (used for order timestamps only). */
  public FakeCommerceBackend() {
    this(Clock.systemUTC());
  }

  /**
   * A backend that stamps orders with the given clock.
   *
   * @param clock the clock
   */
  public FakeCommerceBackend(Clock clock) {
    this.model = new CommerceModel(Objects.requireNonNull(clock, "clock"));
    this.router = new CommerceRouter(model);
  }

  // ------------------------------------------------------------------ set-up and knobs

  /**
   * Starts a plane in front of this backend on a free loopback port.
   *
   * @param planeId the plane's id, e.g. {@code "edge-a"} or {@code "central"}
   * @return the running plane; close it when done
   */
  public FakeCommercePlane plane(String planeId) {
    return new FakeCommercePlane(this, Objects.requireNonNull(planeId, "planeId"));
  }

  /**
   * Adds (or replaces) a product with its stock.
   *
   * @param sku product id
   * @param name display name
   * @param priceMinor price in minor units
   * @param currency ISO 4217 code
   * @param units units in stock
   * @return this backend
   */
  public FakeCommerceBackend product(String sku, String name, long priceMinor, String currency, int units) {
    return product(sku, name, priceMinor, currency, units, null);
  }

  /**
   * Adds (or replaces) a product of a drop with its stock.
   *
   * @param sku product id
   * @param name display name
   * @param priceMinor price in minor units
   * @param currency ISO 4217 code
   * @param units units in stock
   * @param dropId the drop it belongs to, or null
   * @return this backend
   */
  public FakeCommerceBackend product(String sku, String name, long priceMinor, String currency, int units,
      @Nullable String dropId) {
    model.product(sku, name, priceMinor, currency, units, dropId);
    return this;
  }

  /**
   * Sets the stock of a product (a restock or an external sale).
   *
   * @param sku product id
   * @param units units now in stock
   */
  public void setStock(String sku, int units) {
    model.setStock(sku, units);
  }

  /**
   * The {@code Cache-Control} sent with product reads.
   *
   * @param value the header value, or empty for none
   * @return this backend
   */
  public FakeCommerceBackend productCacheControl(String value) {
    router.productCacheControl(value);
    return this;
  }

  /**
   * The {@code Cache-Control} sent with inventory reads.
   *
   * @param value the header value, or empty for none
   * @return this backend
   */
  public FakeCommerceBackend inventoryCacheControl(String value) {
    router.inventoryCacheControl(value);
    return this;
  }

  /**
   * The {@code Age} header sent with reads (as if an upstream cache held them); 0 sends none.
   *
   * @param seconds age in seconds
   * @return this backend
   */
  public FakeCommerceBackend age(int seconds) {
    router.age(seconds);
    return this;
  }

  /**
   * How long keys, stored results and fences are kept (default 24 h, the least the API allows).
   * A key stored longer ago is forgotten; a checkout or fence of a forgotten key whose {@value
   * #KEY_AGE_HEADER} is at least this gets 410 {@code idempotency-key-expired}, never processed.
   *
   * @param retention more than 0
   * @return this backend
   */
  public FakeCommerceBackend idempotencyRetention(Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be > 0, got " + retention);
    }
    model.retention(retention);
    return this;
  }

  /**
   * How long a checkout may stay PROCESSING (default 10 min); past it, the next look at its key
   * (a retry, a status read, a fence) abandons it: it is closed and is never charged, even if its
   * held request goes on later.
   *
   * @param bound more than 0
   * @return this backend
   */
  public FakeCommerceBackend processingBound(Duration bound) {
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("bound must be > 0, got " + bound);
    }
    model.processingBound(bound);
    return this;
  }

  /**
   * Holds requests whose path starts with a prefix until {@link #release()}: reads and fences are
   * held before they are answered, checkouts after they are marked in flight (so a retry with the
   * same key meanwhile gets 409). {@code /commerce/v1/checkouts} holds checkouts only; status
   * reads and fences of a key ({@code /commerce/v1/checkouts/{key}...}) are held by a prefix that
   * reaches into that path, e.g. {@code /commerce/v1/checkouts/}. Held requests give up after
   * 30 s so a broken test cannot hang.
   *
   * @param pathPrefix e.g. {@code /commerce/v1/checkouts} or {@code /commerce/v1/products}
   */
  public void hold(String pathPrefix) {
    router.hold(pathPrefix);
  }

  /** Lets held requests go on, and stops holding. */
  public void release() {
    router.release();
  }

  /** {@return requests held right now} */
  public int held() {
    return router.held();
  }

  // ------------------------------------------------------------------ observations

  /** {@return every real charge, in order} Synthetic and declined checkouts add none. */
  public List<Charge> charges() {
    return model.charges();
  }

  /** {@return every request any plane passed to the backend, in arrival order} */
  public List<RecordedCall> calls() {
    return router.calls();
  }

  /**
   * Requests whose path starts with a prefix.
   *
   * @param method HTTP method
   * @param pathPrefix e.g. {@code /commerce/v1/checkouts}
   * @return the matching calls
   */
  public List<RecordedCall> calls(String method, String pathPrefix) {
    return router.calls().stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix))
        .toList();
  }

  /**
   * Units of a product in stock.
   *
   * @param sku product id
   * @return units, 0 if unknown
   */
  public int stock(String sku) {
    return model.stock(sku);
  }

  /** {@return orders fulfilled (real, paid orders)} */
  public int fulfilledOrders() {
    return model.fulfilledOrders();
  }

  // ------------------------------------------------------------------ for the planes

  /**
   * Answers one request (planes call this).
   *
   * @param planeId the plane that received it
   * @param method HTTP method
   * @param target path and query
   * @param headers request headers, lower-case names
   * @param body request body
   * @return the answer
   */
  CommerceAnswer handle(String planeId, String method, String target, Map<String, String> headers, byte[] body) {
    return router.handle(planeId, method, target, headers, body);
  }

  /** Parses an {@code Idempotency-Key} value (an sf-string, or a bare token); null when malformed. */
  static @Nullable String parseKey(String raw) {
    return CommerceRouter.parseKey(raw);
  }

  /** Decodes {@code %XX} escapes of a path segment; null when they are malformed. */
  static @Nullable String percentDecode(String segment) {
    return CommerceRouter.percentDecode(segment);
  }

  /**
   * One real charge.
   *
   * @param idempotencyKey the key of the checkout that captured it
   * @param orderId the order
   * @param amount minor units
   * @param currency ISO 4217 code
   * @param paymentReference the payment provider's reference
   * @param clientId the {@value #CLIENT_HEADER} the checkout came with, empty if none
   */
  public record Charge(String idempotencyKey, String orderId, long amount, String currency, String paymentReference,
      String clientId) {}

  /**
   * One request as the backend saw it.
   *
   * @param planeId the plane that passed it on
   * @param method HTTP method
   * @param path path without query
   * @param headers headers by lower-case name (first value)
   * @param body the body as text
   */
  public record RecordedCall(String planeId, String method, String path, Map<String, String> headers, String body) {

    /**
     * A header's value.
     *
     * @param name case-insensitive name
     * @return the value, or null
     */
    public @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** {@return the idempotency key this call carried (sf-string quotes removed), or null} */
    public @Nullable String idempotencyKey() {
      String raw = header("Idempotency-Key");
      return raw == null ? null : CommerceRouter.parseKey(raw);
    }

    /** {@return whether the call was marked as synthetic probe traffic} */
    public boolean synthetic() {
      return header(SYNTHETIC_HEADER) != null;
    }
  }
}
