package dev.microevent.testkit.internal;

import dev.microevent.testkit.commerce.FakeCommerceBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The fake commerce backend's domain: products and stock, carts, orders, the charge ledger, and the
 * idempotency store (stored results per client and key, in-flight checkouts, fences, retention and
 * the processing bound). It knows nothing of HTTP: it answers with documents (maps ready to be
 * written as JSON) and refuses with a {@link Refused} of a {@link Reason};
 * {@link CommerceRouter} turns both into status codes and bodies. Thread-safe: every step runs
 * under one lock, so a checkout's checks and the claim of its key are one atomic step.
 */
public final class CommerceModel {
  private final Object lock = new Object();
  private final Clock clock;
  private final Map<String, ProductRec> products = new LinkedHashMap<>();
  private final Map<String, Stock> stock = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> carts = new LinkedHashMap<>();
  private final Map<String, KeyRecord> keys = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> orders = new LinkedHashMap<>();
  private final List<FakeCommerceBackend.Charge> charges = new CopyOnWriteArrayList<>();
  private final AtomicInteger orderSeq = new AtomicInteger();
  private volatile Duration retention = Duration.ofHours(24);
  private volatile Duration processingBound = Duration.ofMinutes(10);

  /**
   * An empty backend.
   *
   * @param clock stamps orders and stored keys
   */
  public CommerceModel(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Why the model refused a request; the router maps each to a status and a problem type. */
  public enum Reason {
    /** No such product, cart, order or key. */
    NOT_FOUND,
    /** The request is malformed or does not match the cart. */
    INVALID,
    /** A line of the cart is out of stock; the key is fenced. */
    SOLD_OUT,
    /** The key was used with a different payload. */
    KEY_REUSED,
    /** A checkout with the key is still being processed. */
    IN_FLIGHT,
    /** The key was closed (fenced, refused or abandoned): never charged. */
    FENCED,
    /** The key is older than the retention and is no longer remembered. */
    EXPIRED,
    /** The payment was declined; an order records it. */
    DECLINED
  }

  /** A refusal: a reason, a detail for the problem document, and the order a decline created. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final @Nullable String orderId;

    /**
     * A refusal.
     *
     * @param reason why
     * @param detail what the problem document says
     */
    public Refused(Reason reason, String detail) {
      this(reason, detail, null);
    }

    private Refused(Reason reason, String detail, @Nullable String orderId) {
      super(detail, null, false, false);
      this.reason = reason;
      this.orderId = orderId;
    }

    /** {@return why} */
    public Reason reason() {
      return reason;
    }

    /** {@return what the problem document says} */
    public String detail() {
      return String.valueOf(getMessage());
    }

    /** {@return the order a declined payment created, or null} */
    public @Nullable String orderId() {
      return orderId;
    }
  }

  /**
   * A checkout request's body as the router parsed it. Fields are validated when read (a bad one
   * throws {@link Refused} with {@link Reason#INVALID}), so the model checks them in the order the
   * API specifies: the key first, then the fields.
   */
  public interface CheckoutBody {
    /** {@return the canonical fingerprint of the payload (equal payloads, equal fingerprints)} */
    String fingerprint();

    /** {@return the cart to check out} */
    String cartId();

    /** {@return the payment token} */
    String paymentToken();

    /**
     * Whether the total sent matches the cart's.
     *
     * @param amount the cart's total in minor units
     * @param currency the cart's currency
     * @return whether they match
     */
    boolean totalMatches(long amount, String currency);

    /** {@return whether the body marks the checkout as synthetic} */
    boolean synthetic();
  }

  /** What a checkout with a key ends in: the order document (paid), or a refusal (declined, fenced). */
  public static final class Result {
    private final @Nullable Map<String, Object> order;
    private final @Nullable Refused refusal;

    private Result(@Nullable Map<String, Object> order, @Nullable Refused refusal) {
      this.order = order;
      this.refusal = refusal;
    }

    /** {@return the paid order's document, or null when refused} */
    public @Nullable Map<String, Object> order() {
      return order;
    }

    /** {@return the refusal, or null when paid} */
    public @Nullable Refused refusal() {
      return refusal;
    }
  }

  /** The first step of a checkout: a result now (a stored one), or a claimed key to charge. */
  public static final class Claim {
    private final @Nullable Result stored;
    private final @Nullable KeyRecord claimed;

    private Claim(@Nullable Result stored, @Nullable KeyRecord claimed) {
      this.stored = stored;
      this.claimed = claimed;
    }

    /** {@return the stored result of an earlier checkout with the key, or null when this one claimed it} */
    public @Nullable Result stored() {
      return stored;
    }
  }

  // ------------------------------------------------------------------ set-up

  /**
   * Adds (or replaces) a product with its stock.
   *
   * @param sku product id
   * @param name display name
   * @param priceMinor price in minor units
   * @param currency ISO 4217 code
   * @param units units in stock
   * @param dropId the drop it belongs to, or null
   */
  public void product(String sku, String name, long priceMinor, String currency, int units, @Nullable String dropId) {
    synchronized (lock) {
      products.put(sku, new ProductRec(sku, name, priceMinor, currency, dropId));
      stockOf(sku).set(units);
    }
  }

  /**
   * Sets the stock of a product.
   *
   * @param sku product id
   * @param units units now in stock
   */
  public void setStock(String sku, int units) {
    synchronized (lock) {
      stockOf(sku).set(units);
    }
  }

  /**
   * How long keys, stored results and fences are kept.
   *
   * @param retention more than 0 (checked by the caller)
   */
  public void retention(Duration retention) {
    this.retention = retention;
  }

  /**
   * How long a checkout may stay PROCESSING before the next look at its key abandons it.
   *
   * @param bound more than 0 (checked by the caller)
   */
  public void processingBound(Duration bound) {
    this.processingBound = bound;
  }

  // ------------------------------------------------------------------ observations

  /** {@return every real charge, in order} */
  public List<FakeCommerceBackend.Charge> charges() {
    return List.copyOf(charges);
  }

  /**
   * Units of a product in stock.
   *
   * @param sku product id
   * @return units, 0 if unknown
   */
  public int stock(String sku) {
    synchronized (lock) {
      Stock s = stock.get(sku);
      return s == null ? 0 : s.units;
    }
  }

  /** {@return orders fulfilled (real, paid orders)} */
  public int fulfilledOrders() {
    synchronized (lock) {
      return (int) orders.values().stream()
          .filter(o -> "PAID".equals(o.get("status")) && Boolean.FALSE.equals(o.get("synthetic")))
          .count();
    }
  }

  // ------------------------------------------------------------------ catalogue and inventory

  /**
   * The products, of one drop or all.
   *
   * @param drop the drop, or null for all
   * @return their documents, in the order added
   */
  public List<Object> products(@Nullable String drop) {
    List<Object> list = new ArrayList<>();
    synchronized (lock) {
      for (ProductRec p : products.values()) {
        if (drop == null || drop.equals(p.dropId)) {
          list.add(p.toJson());
        }
      }
    }
    return list;
  }

  /**
   * One product.
   *
   * @param sku product id
   * @return its document
   * @throws Refused {@link Reason#NOT_FOUND} when unknown
   */
  public Map<String, Object> product(String sku) {
    synchronized (lock) {
      ProductRec p = products.get(sku);
      if (p == null) {
        throw new Refused(Reason.NOT_FOUND, "no product " + sku);
      }
      return p.toJson();
    }
  }

  /**
   * A product's inventory.
   *
   * @param sku product id
   * @return {@code sku}, {@code available} and {@code version}
   * @throws Refused {@link Reason#NOT_FOUND} when unknown
   */
  public Map<String, Object> inventory(String sku) {
    synchronized (lock) {
      Stock s = stock.get(sku);
      if (s == null) {
        throw new Refused(Reason.NOT_FOUND, "no product " + sku);
      }
      return Map.of("sku", sku, "available", s.units, "version", s.version);
    }
  }

  // ------------------------------------------------------------------ carts

  /**
   * Creates a cart, or finds it.
   *
   * @param cartId the cart
   * @return its document
   */
  public Map<String, Object> openCart(String cartId) {
    synchronized (lock) {
      carts.computeIfAbsent(cartId, k -> new LinkedHashMap<>());
      return cartJson(cartId);
    }
  }

  /**
   * A cart.
   *
   * @param cartId the cart
   * @return its document
   * @throws Refused {@link Reason#NOT_FOUND} when unknown
   */
  public Map<String, Object> cart(String cartId) {
    synchronized (lock) {
      if (!carts.containsKey(cartId)) {
        throw new Refused(Reason.NOT_FOUND, "no cart " + cartId);
      }
      return cartJson(cartId);
    }
  }

  /**
   * Sets a line of a cart (0 removes it).
   *
   * @param cartId the cart
   * @param sku the product
   * @param quantity read once cart and product are known to exist (it may refuse as invalid)
   * @return the cart's document
   * @throws Refused {@link Reason#NOT_FOUND} for an unknown cart or product
   */
  public Map<String, Object> setCartLine(String cartId, String sku, IntSupplier quantity) {
    synchronized (lock) {
      Map<String, Integer> cart = carts.get(cartId);
      if (cart == null) {
        throw new Refused(Reason.NOT_FOUND, "no cart " + cartId);
      }
      if (!products.containsKey(sku)) {
        throw new Refused(Reason.NOT_FOUND, "no product " + sku);
      }
      int qty = quantity.getAsInt();
      if (qty == 0) {
        cart.remove(sku);
      } else {
        cart.put(sku, qty);
      }
      return cartJson(cartId);
    }
  }

  private Map<String, Object> cartJson(String cartId) {
    List<Object> lines = new ArrayList<>();
    for (Map.Entry<String, Integer> line : carts.getOrDefault(cartId, Map.of()).entrySet()) {
      ProductRec p = products.get(line.getKey());
      if (p != null) {
        lines.add(Map.of("sku", p.sku, "quantity", line.getValue(), "unitPrice", money(p.priceMinor, p.currency)));
      }
    }
    Total total = cartTotal(cartId);
    return Map.of("cartId", cartId, "lines", lines, "total", money(total.amount(), total.currency()));
  }

  // ------------------------------------------------------------------ checkout, status, fences

  /**
   * The first, atomic step of a checkout: the key's stored result if it has one, else the checks
   * of the request and the claim of its key (PROCESSING). A request refused as invalid or sold
   * out closes its key, as a fence does, in the same step: a copy that arrives later (after a
   * restock, say) is refused too.
   *
   * @param key the idempotency key
   * @param client the client's scope ({@code ""} when anonymous)
   * @param age the key's age by the client's clock, or null when unknown
   * @param body the parsed body
   * @param syntheticHeader whether the request was marked as synthetic by header
   * @return the stored result, or the claim to {@link #charge} after any hold
   * @throws Refused fenced, reused, in flight, expired, invalid or sold out
   */
  public Claim claim(String key, String client, @Nullable Duration age, CheckoutBody body, boolean syntheticHeader) {
    String scoped = scoped(client, key);
    synchronized (lock) {
      try {
        return admit(key, client, scoped, age, body, syntheticHeader);
      } catch (Refused refused) {
        if (refused.reason() == Reason.INVALID) {
          keys.putIfAbsent(scoped, KeyRecord.fenced(key, client, clock.instant()));
        }
        throw refused;
      }
    }
  }

  private Claim admit(String key, String client, String scoped, @Nullable Duration age, CheckoutBody body,
      boolean syntheticHeader) {
    String fingerprint = body.fingerprint();
    KeyRecord existing = live(scoped);
    if (existing != null) {
      if (existing.fingerprint == null) {
        throw fenced();
      }
      if (!existing.fingerprint.equals(fingerprint)) {
        throw new Refused(Reason.KEY_REUSED,
            "this Idempotency-Key was used with a different payload; a new checkout needs a new key");
      }
      Result stored = existing.result;
      if (stored == null) {
        throw new Refused(Reason.IN_FLIGHT,
            "a checkout with this Idempotency-Key is still being processed; retry with the same key");
      }
      return new Claim(stored, null);
    }
    if (expired(age)) {
      throw expired();
    }
    String cartId = body.cartId();
    Map<String, Integer> cart = carts.get(cartId);
    if (cart == null || cart.isEmpty()) {
      throw new Refused(Reason.INVALID, "cart " + cartId + " is unknown or empty");
    }
    String token = body.paymentToken();
    if (token.isEmpty() || token.length() > 255) {
      throw new Refused(Reason.INVALID, "paymentToken must be 1..255 characters");
    }
    Total total = cartTotal(cartId);
    if (!body.totalMatches(total.amount(), total.currency())) {
      throw new Refused(Reason.INVALID,
          "total does not match the cart (" + total.amount() + " " + total.currency() + ")");
    }
    boolean synthetic = syntheticHeader || body.synthetic();
    if (!synthetic) {
      for (Map.Entry<String, Integer> line : cart.entrySet()) {
        if (stockOf(line.getKey()).units < line.getValue()) {
          keys.put(scoped, KeyRecord.fenced(key, client, clock.instant()));
          throw new Refused(Reason.SOLD_OUT, line.getKey() + " is sold out");
        }
      }
    }
    KeyRecord rec = new KeyRecord(key, client, fingerprint, cartId, token, synthetic, clock.instant());
    keys.put(scoped, rec);
    return new Claim(null, rec);
  }

  /**
   * The second step of a checkout whose key was claimed: charges (or declines) and stores the
   * result with the key. A checkout abandoned meanwhile (past the processing bound while it was
   * held) is never charged: its stored refusal is returned.
   *
   * @param claim what {@link #claim} returned, with no stored result
   * @param declinePrefix payment tokens starting with this are declined
   * @return the result, also stored with the key
   */
  public Result charge(Claim claim, String declinePrefix) {
    KeyRecord rec = Objects.requireNonNull(claim.claimed, "the claim holds a stored result");
    synchronized (lock) {
      Result abandoned = rec.result;
      if (abandoned != null) {
        return abandoned;
      }
      String orderId = "ord-" + orderSeq.incrementAndGet();
      Map<String, Integer> cart = carts.getOrDefault(rec.cartId, Map.of());
      Total total = cartTotal(rec.cartId);
      Map<String, Object> order = new LinkedHashMap<>();
      order.put("orderId", orderId);
      order.put("cartId", rec.cartId);
      order.put("total", money(total.amount(), total.currency()));
      order.put("synthetic", rec.synthetic);
      order.put("createdAt", clock.instant().toString());
      rec.orderId = orderId;
      if (rec.token.startsWith(declinePrefix)) {
        order.put("status", "DECLINED");
        orders.put(orderId, order);
        rec.result = new Result(null, new Refused(Reason.DECLINED,
            "the payment was declined; use another payment method", orderId));
        rec.state = "DECLINED";
      } else {
        if (!rec.synthetic) {
          for (Map.Entry<String, Integer> line : cart.entrySet()) {
            Stock s = stockOf(line.getKey());
            s.set(s.units - line.getValue());
          }
          String ref = "pay-" + orderId;
          order.put("paymentReference", ref);
          charges.add(new FakeCommerceBackend.Charge(rec.key, orderId, total.amount(), total.currency(), ref,
              rec.client));
        }
        order.put("status", "PAID");
        orders.put(orderId, order);
        rec.result = new Result(order, null);
        rec.state = "PAID";
      }
      return rec.result;
    }
  }

  /**
   * What became of a client's checkout with a key.
   *
   * @param client the client's scope
   * @param key the key
   * @return {@code key}, {@code state} and {@code orderId}
   * @throws Refused {@link Reason#NOT_FOUND} when the client sent no checkout with it and did not fence it
   */
  public Map<String, Object> status(String client, String key) {
    synchronized (lock) {
      KeyRecord rec = live(scoped(client, key));
      if (rec == null) {
        throw new Refused(Reason.NOT_FOUND, "this client sent no checkout with this key and did not fence it; "
            + "nothing was charged so far");
      }
      return statusDoc(key, rec);
    }
  }

  /**
   * Closes a key that was never received (idempotently), or says what became of the checkout
   * sent with it: the two are one atomic step, so a checkout request with the key is either
   * received before the fence (and the answer says so) or refused after it.
   *
   * @param client the client's scope, not empty
   * @param key the key
   * @param age the key's age by the client's clock, or null when unknown
   * @return {@code key}, {@code state} and {@code orderId}
   * @throws Refused {@link Reason#EXPIRED} when the key is unknown and older than the retention
   */
  public Map<String, Object> fence(String client, String key, @Nullable Duration age) {
    synchronized (lock) {
      KeyRecord rec = live(scoped(client, key));
      if (rec == null) {
        if (expired(age)) {
          throw expired(); // it may have been charged and pruned: never claim it was not
        }
        rec = KeyRecord.fenced(key, client, clock.instant());
        keys.put(scoped(client, key), rec); // stored like a result, kept for the retention from now
      }
      return statusDoc(key, rec);
    }
  }

  /**
   * One order.
   *
   * @param orderId the order
   * @return its document
   * @throws Refused {@link Reason#NOT_FOUND} when unknown
   */
  public Map<String, Object> order(String orderId) {
    synchronized (lock) {
      Map<String, Object> o = orders.get(orderId);
      if (o == null) {
        throw new Refused(Reason.NOT_FOUND, "no order " + orderId);
      }
      return o;
    }
  }

  /**
   * The record of a key, or null if there is none or it is past the retention (pruned). A
   * checkout stuck in PROCESSING past the processing bound is abandoned here: closed, never to be
   * charged. Call under the lock.
   */
  private @Nullable KeyRecord live(String scopedKey) {
    KeyRecord rec = keys.get(scopedKey);
    Instant now = clock.instant();
    if (rec == null) {
      return null;
    }
    if (!rec.storedAt.plus(retention).isAfter(now)) {
      keys.remove(scopedKey);
      return null;
    }
    if (rec.result == null && rec.fingerprint != null && !rec.storedAt.plus(processingBound).isAfter(now)) {
      rec.state = "ABANDONED";
      rec.result = new Result(null, fenced());
    }
    return rec;
  }

  /** Whether a key of this age is past the retention. */
  private boolean expired(@Nullable Duration age) {
    return age != null && age.compareTo(retention) >= 0;
  }

  private static Refused expired() {
    return new Refused(Reason.EXPIRED, "this Idempotency-Key is older than the idempotency retention "
        + "and is no longer remembered: whether it was charged cannot be told from here, and it is not processed");
  }

  private static Refused fenced() {
    return new Refused(Reason.FENCED, "this Idempotency-Key was closed (its checkout was resolved as "
        + "not received, or refused); nothing was charged and nothing will be: a new checkout needs a new key");
  }

  /** The store key: a key is unique per client, not across clients. */
  private static String scoped(String client, String key) {
    return client + "\n" + key;
  }

  private static Map<String, Object> statusDoc(String key, KeyRecord rec) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("key", key);
    s.put("state", rec.state);
    s.put("orderId", rec.orderId);
    return s;
  }

  private Total cartTotal(String cartId) {
    long total = 0;
    String currency = "EUR";
    for (Map.Entry<String, Integer> line : carts.getOrDefault(cartId, Map.of()).entrySet()) {
      ProductRec p = products.get(line.getKey());
      if (p != null) {
        total += p.priceMinor * line.getValue();
        currency = p.currency;
      }
    }
    return new Total(total, currency);
  }

  private Stock stockOf(String sku) {
    return stock.computeIfAbsent(sku, k -> new Stock());
  }

  private static Map<String, Object> money(long amount, String currency) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("amount", amount);
    m.put("currency", currency);
    return m;
  }

  private record Total(long amount, String currency) {}

  private static final class Stock {
    int units;
    long version;

    void set(int units) {
      this.units = units;
      this.version++;
    }
  }

  private record ProductRec(String sku, String name, long priceMinor, String currency, @Nullable String dropId) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sku", sku);
      m.put("name", name);
      m.put("price", money(priceMinor, currency));
      m.put("dropId", dropId);
      return m;
    }
  }

  /** What the backend keeps per (client, key): a checkout, or a fence (no fingerprint, never charged). */
  private static final class KeyRecord {
    final String key;
    final String client;
    final @Nullable String fingerprint;
    final String cartId;
    final String token;
    final boolean synthetic;
    final Instant storedAt;
    volatile String state = "PROCESSING";
    volatile @Nullable String orderId;
    volatile @Nullable Result result;

    KeyRecord(String key, String client, @Nullable String fingerprint, String cartId, String token,
        boolean synthetic, Instant storedAt) {
      this.storedAt = storedAt;
      this.key = key;
      this.client = client;
      this.fingerprint = fingerprint;
      this.cartId = cartId;
      this.token = token;
      this.synthetic = synthetic;
    }

    static KeyRecord fenced(String key, String client, Instant at) {
      KeyRecord r = new KeyRecord(key, client, null, "", "", false, at);
      r.state = "FENCED";
      return r;
    }
  }
}
