package dev.microevent.testkit.commerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.microevent.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
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
  private static final String PROBLEM = "https://microevent.dev/problems/";
  private static final String PATH_CHECKOUTS = "/commerce/v1/checkouts";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern AGE = Pattern.compile("[0-9]{1,12}");
  private static final ObjectWriter CANONICAL =
      Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Object lock = new Object();
  private final Clock clock;
  private final Map<String, ProductRec> products = new LinkedHashMap<>();
  private final Map<String, Stock> stock = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> carts = new LinkedHashMap<>();
  private final Map<String, KeyRecord> keys = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> orders = new LinkedHashMap<>();
  private final List<Charge> charges = new CopyOnWriteArrayList<>();
  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger orderSeq = new AtomicInteger();
  private volatile String productCacheControl = "max-age=10, stale-while-revalidate=30, stale-if-error=300";
  private volatile String inventoryCacheControl = "max-age=2, stale-while-revalidate=5, stale-if-error=30";
  private volatile int ageSeconds;
  private volatile Duration retention = Duration.ofHours(24);
  private volatile Duration processingBound = Duration.ofMinutes(10);
  private volatile Gate gate = new Gate("", new CountDownLatch(0));
  private final AtomicInteger held = new AtomicInteger();

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
    this.clock = Objects.requireNonNull(clock, "clock");
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
    synchronized (lock) {
      products.put(sku, new ProductRec(sku, name, priceMinor, currency, dropId));
      stock.computeIfAbsent(sku, k -> new Stock()).set(units);
    }
    return this;
  }

  /**
   * Sets the stock of a product (a restock or an external sale).
   *
   * @param sku product id
   * @param units units now in stock
   */
  public void setStock(String sku, int units) {
    synchronized (lock) {
      stock.computeIfAbsent(sku, k -> new Stock()).set(units);
    }
  }

  /**
   * The {@code Cache-Control} sent with product reads.
   *
   * @param value the header value, or empty for none
   * @return this backend
   */
  public FakeCommerceBackend productCacheControl(String value) {
    this.productCacheControl = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * The {@code Cache-Control} sent with inventory reads.
   *
   * @param value the header value, or empty for none
   * @return this backend
   */
  public FakeCommerceBackend inventoryCacheControl(String value) {
    this.inventoryCacheControl = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * The {@code Age} header sent with reads (as if an upstream cache held them); 0 sends none.
   *
   * @param seconds age in seconds
   * @return this backend
   */
  public FakeCommerceBackend age(int seconds) {
    this.ageSeconds = seconds;
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
    this.retention = retention;
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
    this.processingBound = bound;
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
    gate = new Gate(Objects.requireNonNull(pathPrefix, "pathPrefix"), new CountDownLatch(1));
  }

  /** Lets held requests go on, and stops holding. */
  public void release() {
    gate.latch().countDown();
  }

  /** {@return requests held right now} */
  public int held() {
    return held.get();
  }

  // ------------------------------------------------------------------ observations

  /** {@return every real charge, in order} Synthetic and declined checkouts add none. */
  public List<Charge> charges() {
    return List.copyOf(charges);
  }

  /** {@return every request any plane passed to the backend, in arrival order} */
  public List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  /**
   * Requests whose path starts with a prefix.
   *
   * @param method HTTP method
   * @param pathPrefix e.g. {@code /commerce/v1/checkouts}
   * @return the matching calls
   */
  public List<RecordedCall> calls(String method, String pathPrefix) {
    return calls.stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
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

  // ------------------------------------------------------------------ HTTP handling

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
  Answer handle(String planeId, String method, String target, Map<String, String> headers, byte[] body) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    calls.add(new RecordedCall(planeId, method, path, Map.copyOf(headers),
        new String(body, StandardCharsets.UTF_8)));
    boolean synthetic = headers.containsKey(SYNTHETIC_HEADER.toLowerCase(java.util.Locale.ROOT));
    boolean isCheckout = method.equals("POST") && path.equals("/commerce/v1/checkouts");
    if (!isCheckout) {
      awaitGate(path);
    }
    Answer a = route(method, path, query, headers, body, synthetic);
    Map<String, String> h = new LinkedHashMap<>(a.headers());
    h.put(API_VERSION_HEADER, API_VERSION);
    return new Answer(a.status(), Map.copyOf(h), a.body());
  }

  private Answer route(String method, String path, String query, Map<String, String> headers, byte[] body,
      boolean synthetic) {
    String[] seg = path.split("/", -1);
    try {
      if (seg.length < 4 || !seg[1].equals("commerce") || !seg[2].equals("v1")) {
        return problem(404, "not-found", "no such resource: " + path);
      }
      String resource = seg[3];
      return switch (resource) {
        case "products" -> seg.length == 4 && method.equals("GET") ? listProducts(query)
            : seg.length == 5 && method.equals("GET") ? product(seg[4], headers.get("if-none-match"))
            : notAllowed(method, path);
        case "inventory" -> seg.length == 5 && method.equals("GET") ? inventory(seg[4]) : notAllowed(method, path);
        case "carts" -> carts(method, seg, body);
        case "checkouts" -> seg.length == 4 && method.equals("POST") ? checkout(headers, body, synthetic)
            : seg.length == 5 && method.equals("GET") ? checkoutStatus(headers, percentDecode(seg[4]))
            : seg.length == 6 && seg[5].equals("fence") && method.equals("PUT")
                ? fence(headers, percentDecode(seg[4]))
            : notAllowed(method, path);
        case "orders" -> seg.length == 5 && method.equals("GET") ? order(seg[4]) : notAllowed(method, path);
        default -> problem(404, "not-found", "no such resource: " + path);
      };
    } catch (BadRequest e) {
      return problem(400, "invalid-request", String.valueOf(e.getMessage()));
    }
  }

  private Answer notAllowed(String method, String path) {
    return problem(405, "invalid-request", method + " is not allowed on " + path);
  }

  private Answer listProducts(String query) {
    String drop = null;
    for (String p : query.split("&", -1)) {
      if (p.startsWith("drop=")) {
        drop = id(p.substring(5), "drop");
      }
    }
    List<Object> list = new ArrayList<>();
    synchronized (lock) {
      for (ProductRec p : products.values()) {
        if (drop == null || drop.equals(p.dropId)) {
          list.add(p.toJson());
        }
      }
    }
    return cached(200, Map.of("products", list), productCacheControl, true, null);
  }

  private Answer product(String rawSku, @Nullable String ifNoneMatch) {
    String sku = id(rawSku, "sku");
    ProductRec p;
    synchronized (lock) {
      p = products.get(sku);
    }
    if (p == null) {
      return problem(404, "not-found", "no product " + sku);
    }
    return cached(200, p.toJson(), productCacheControl, true, ifNoneMatch);
  }

  private Answer inventory(String rawSku) {
    String sku = id(rawSku, "sku");
    Map<String, Object> inv;
    synchronized (lock) {
      Stock s = stock.get(sku);
      if (s == null) {
        return problem(404, "not-found", "no product " + sku);
      }
      inv = Map.of("sku", sku, "available", s.units, "version", s.version);
    }
    return cached(200, inv, inventoryCacheControl, false, null);
  }

  private Answer cached(int status, Object doc, String cacheControl, boolean etag, @Nullable String ifNoneMatch) {
    byte[] bytes = write(doc);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    if (!cacheControl.isEmpty()) {
      h.put("Cache-Control", cacheControl);
    }
    if (ageSeconds > 0) {
      h.put("Age", Integer.toString(ageSeconds));
    }
    if (etag) {
      String tag = "\"" + sha256(bytes).substring(0, 16) + "\"";
      h.put("ETag", tag);
      if (tag.equals(ifNoneMatch)) {
        return new Answer(304, h, new byte[0]);
      }
    }
    return new Answer(status, h, bytes);
  }

  private Answer carts(String method, String[] seg, byte[] body) {
    if (seg.length < 5) {
      return problem(404, "not-found", "no such resource");
    }
    String cartId = id(seg[4], "cartId");
    synchronized (lock) {
      if (seg.length == 5 && method.equals("PUT")) {
        carts.computeIfAbsent(cartId, k -> new LinkedHashMap<>());
        return json(200, cartJson(cartId));
      }
      if (seg.length == 5 && method.equals("GET")) {
        return carts.containsKey(cartId) ? json(200, cartJson(cartId))
            : problem(404, "not-found", "no cart " + cartId);
      }
      if (seg.length == 7 && seg[5].equals("items") && method.equals("PUT")) {
        Map<String, Integer> cart = carts.get(cartId);
        if (cart == null) {
          return problem(404, "not-found", "no cart " + cartId);
        }
        String sku = id(seg[6], "sku");
        if (!products.containsKey(sku)) {
          return problem(404, "not-found", "no product " + sku);
        }
        JsonNode req = parse(body);
        JsonNode qty = req.get("quantity");
        if (qty == null || !qty.isInt() || qty.asInt() < 0 || qty.asInt() > 100) {
          throw new BadRequest("quantity must be an integer 0..100");
        }
        if (qty.asInt() == 0) {
          cart.remove(sku);
        } else {
          cart.put(sku, qty.asInt());
        }
        return json(200, cartJson(cartId));
      }
    }
    return problem(405, "invalid-request", method + " is not allowed here");
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

  /** What the first, atomic step of a checkout decided: an answer now, or a record to charge. */
  private record Admission(@Nullable Answer answer, @Nullable KeyRecord rec) {}

  /** The checks of a checkout and the claim of its key; call under the lock. */
  private Admission admit(String parsed, String client, String key, @Nullable Duration age, byte[] body,
      boolean syntheticHeader) {
    JsonNode req = parse(body);
    String fingerprint = fingerprint(body);
    KeyRecord existing = live(key);
    if (existing != null) {
      if (existing.fingerprint == null) {
        return new Admission(fencedAnswer(), null);
      }
      if (!existing.fingerprint.equals(fingerprint)) {
        return new Admission(problem(422, "idempotency-key-reused",
            "this Idempotency-Key was used with a different payload; a new checkout needs a new key"), null);
      }
      Answer stored = existing.result;
      return new Admission(stored != null ? stored : problem(409, "idempotency-in-flight",
          "a checkout with this Idempotency-Key is still being processed; retry with the same key"), null);
    }
    if (expired(age)) {
      return new Admission(expiredAnswer(), null);
    }
    String cartId = id(text(req, "cartId"), "cartId");
    Map<String, Integer> cart = carts.get(cartId);
    if (cart == null || cart.isEmpty()) {
      throw new BadRequest("cart " + cartId + " is unknown or empty");
    }
    String token = text(req, "paymentToken");
    if (token.isEmpty() || token.length() > 255) {
      throw new BadRequest("paymentToken must be 1..255 characters");
    }
    Total total = cartTotal(cartId);
    JsonNode sent = req.get("total");
    if (sent == null || !sent.path("amount").canConvertToLong()
        || sent.path("amount").asLong() != total.amount()
        || !sent.path("currency").asText().equals(total.currency())) {
      throw new BadRequest("total does not match the cart (" + total.amount() + " " + total.currency() + ")");
    }
    boolean synthetic = syntheticHeader || req.path("synthetic").asBoolean(false);
    if (!synthetic) {
      for (Map.Entry<String, Integer> line : cart.entrySet()) {
        if (stockOf(line.getKey()).units < line.getValue()) {
          keys.put(key, KeyRecord.fenced(parsed, client, clock.instant()));
          return new Admission(problem(400, "sold-out", line.getKey() + " is sold out"), null);
        }
      }
    }
    KeyRecord rec = new KeyRecord(parsed, client, fingerprint, cartId, token, synthetic, clock.instant());
    keys.put(key, rec);
    return new Admission(null, rec);
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
      rec.result = fencedAnswer();
    }
    return rec;
  }

  /** Whether a key of this age (the client's {@value #KEY_AGE_HEADER}) is past the retention. */
  private boolean expired(@Nullable Duration age) {
    return age != null && age.compareTo(retention) >= 0;
  }

  /** The key's age the request names; null when absent or not 1..12 digits (its age is unknown). */
  private static @Nullable Duration keyAge(Map<String, String> headers) {
    String v = headers.get(KEY_AGE_HEADER.toLowerCase(java.util.Locale.ROOT));
    return v == null || !AGE.matcher(v.strip()).matches() ? null : Duration.ofSeconds(Long.parseLong(v.strip()));
  }

  private static Answer expiredAnswer() {
    return problem(410, "idempotency-key-expired", "this Idempotency-Key is older than the idempotency retention "
        + "and is no longer remembered: whether it was charged cannot be told from here, and it is not processed");
  }

  private Answer checkout(Map<String, String> headers, byte[] body, boolean syntheticHeader) {
    String rawKey = headers.get("idempotency-key");
    if (rawKey == null) {
      return problem(400, "idempotency-key-missing", "Idempotency-Key is required on checkout");
    }
    String parsed = parseKey(rawKey);
    if (parsed == null) {
      return problem(400, "idempotency-key-missing", "Idempotency-Key must be an sf-string of 1..255 characters");
    }
    String client = client(headers);
    String key = scoped(client, parsed);
    KeyRecord rec;
    synchronized (lock) {
      try {
        Admission admitted = admit(parsed, client, key, keyAge(headers), body, syntheticHeader);
        if (admitted.answer() != null) {
          return admitted.answer();
        }
        rec = Objects.requireNonNull(admitted.rec());
      } catch (BadRequest refused) {
        // A refusal closes the key, as a fence does, in the same step as the checks that refused
        // it: a copy of this request that arrives later (after a restock, say) is refused too.
        keys.putIfAbsent(key, KeyRecord.fenced(parsed, client, clock.instant()));
        throw refused;
      }
    }
    awaitGate(PATH_CHECKOUTS);
    synchronized (lock) {
      Answer abandoned = rec.result;
      if (abandoned != null) {
        return abandoned; // abandoned while it was held: never charged
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
      if (rec.token.startsWith(DECLINE_PREFIX)) {
        order.put("status", "DECLINED");
        orders.put(orderId, order);
        Map<String, Object> p = problemDoc(402, "payment-declined", "the payment was declined; use another payment method");
        p.put("orderId", orderId);
        rec.result = new Answer(402, Map.of("Content-Type", "application/problem+json"), write(p));
        rec.state = "DECLINED";
      } else {
        if (!rec.synthetic) {
          for (Map.Entry<String, Integer> line : cart.entrySet()) {
            Stock s = stockOf(line.getKey());
            s.set(s.units - line.getValue());
          }
          String ref = "pay-" + orderId;
          order.put("paymentReference", ref);
          charges.add(new Charge(rec.key, orderId, total.amount(), total.currency(), ref, rec.client));
        }
        order.put("status", "PAID");
        orders.put(orderId, order);
        rec.result = json(201, order);
        rec.state = "PAID";
      }
      return rec.result;
    }
  }

  private void awaitGate(String path) {
    Gate g = gate;
    if (g.latch().getCount() == 0 || !path.startsWith(g.pathPrefix())
        || (path.startsWith(PATH_CHECKOUTS + "/") && !g.pathPrefix().startsWith(PATH_CHECKOUTS + "/"))) {
      return;
    }
    held.incrementAndGet();
    try {
      if (!g.latch().await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("requests were held for more than 30 s; call release()");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      held.decrementAndGet();
    }
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

  private Answer checkoutStatus(Map<String, String> headers, @Nullable String key) {
    String k = keyInPath(key);
    synchronized (lock) {
      KeyRecord rec = live(scoped(client(headers), k));
      if (rec == null) {
        return problem(404, "not-found", "this client sent no checkout with this key and did not fence it; "
            + "nothing was charged so far");
      }
      return json(200, statusDoc(k, rec));
    }
  }

  /**
   * Closes a key that was never received (idempotently), or says what became of the checkout
   * sent with it: the two are one atomic step, so a checkout request with the key is either
   * received before the fence (and the answer says so) or refused after it.
   */
  private Answer fence(Map<String, String> headers, @Nullable String key) {
    String k = keyInPath(key);
    String client = client(headers);
    if (client.isEmpty()) {
      throw new BadRequest("a fence needs " + CLIENT_HEADER + ": it closes a key in one client's scope only");
    }
    synchronized (lock) {
      KeyRecord rec = live(scoped(client, k));
      if (rec == null) {
        if (expired(keyAge(headers))) {
          return expiredAnswer(); // it may have been charged and pruned: never claim it was not
        }
        rec = KeyRecord.fenced(k, client, clock.instant());
        keys.put(scoped(client, k), rec); // stored like a result, kept for the retention from now
      }
      return json(200, statusDoc(k, rec));
    }
  }

  private static String keyInPath(@Nullable String key) {
    if (key == null || parseKey(key) == null) {
      throw new BadRequest("the key must be 1..255 printable characters, percent-encoded in the path");
    }
    return key;
  }

  private static Map<String, Object> statusDoc(String key, KeyRecord rec) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("key", key);
    s.put("state", rec.state);
    s.put("orderId", rec.orderId);
    return s;
  }

  private static Answer fencedAnswer() {
    return problem(410, "idempotency-key-fenced", "this Idempotency-Key was closed (its checkout was resolved as "
        + "not received, or refused); nothing was charged and nothing will be: a new checkout needs a new key");
  }

  private Answer order(String rawId) {
    String orderId = id(rawId, "orderId");
    synchronized (lock) {
      Map<String, Object> o = orders.get(orderId);
      return o == null ? problem(404, "not-found", "no order " + orderId) : json(200, o);
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Parses an {@code Idempotency-Key} value: an RFC 8941 sf-string, or (leniently) a bare token.
   *
   * @param raw the header value
   * @return the key, or null when malformed
   */
  static @Nullable String parseKey(String raw) {
    String v = raw.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\') {
          if (i + 1 >= v.length() - 1) {
            return null;
          }
          c = v.charAt(++i);
          if (c != '"' && c != '\\') {
            return null;
          }
        } else if (c == '"' || c < 0x20 || c > 0x7e) {
          return null;
        }
        sb.append(c);
      }
      v = sb.toString();
    } else if (!v.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"')) {
      return null;
    }
    return v.isEmpty() || v.length() > 255 ? null : v;
  }

  /** The client a request names; requests without {@value #CLIENT_HEADER} share one anonymous scope. */
  private static String client(Map<String, String> headers) {
    String c = headers.get(CLIENT_HEADER.toLowerCase(java.util.Locale.ROOT));
    return c == null ? "" : id(c.strip(), CLIENT_HEADER);
  }

  /** The store key: a key is unique per client, not across clients. */
  private static String scoped(String client, String key) {
    return client + "\n" + key;
  }

  /** Decodes {@code %XX} escapes of a path segment; null when they are malformed. */
  static @Nullable String percentDecode(String segment) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return null;
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String fingerprint(byte[] body) {
    try {
      Object tree = Json.mapper().readValue(body, Object.class);
      return sha256(CANONICAL.writeValueAsBytes(tree));
    } catch (IOException e) {
      throw new BadRequest("body is not valid JSON");
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = Json.mapper().readTree(body);
      if (n == null || !n.isObject()) {
        throw new BadRequest("body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new BadRequest("body is not valid JSON");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new BadRequest(field + " must be a string");
    }
    return v.asText();
  }

  private static String id(String value, String what) {
    if (!ID.matcher(value).matches()) {
      throw new BadRequest(what + " must match " + ID.pattern());
    }
    return value;
  }

  private static Map<String, Object> money(long amount, String currency) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("amount", amount);
    m.put("currency", currency);
    return m;
  }

  private static Answer json(int status, Object doc) {
    return new Answer(status, Map.of("Content-Type", "application/json"), write(doc));
  }

  private static Map<String, Object> problemDoc(int status, String type, String detail) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", PROBLEM + type);
    p.put("title", type.replace('-', ' '));
    p.put("status", status);
    p.put("detail", detail);
    return p;
  }

  private static Answer problem(int status, String type, String detail) {
    return new Answer(status, Map.of("Content-Type", "application/problem+json"), write(problemDoc(status, type, detail)));
  }

  private static byte[] write(Object doc) {
    try {
      return Json.mapper().writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a fake answer", e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private record Total(long amount, String currency) {}

  private record Gate(String pathPrefix, CountDownLatch latch) {}

  private static final class Stock {
    int units;
    long version;

    void set(int units) {
      this.units = units;
      this.version++;
    }
  }

  /** One answer: status, headers and body. */
  static final class Answer {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    Answer(int status, Map<String, String> headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    int status() {
      return status;
    }

    Map<String, String> headers() {
      return headers;
    }

    byte[] body() {
      return body;
    }
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
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@return the idempotency key this call carried (sf-string quotes removed), or null} */
    public @Nullable String idempotencyKey() {
      String raw = header("Idempotency-Key");
      return raw == null ? null : parseKey(raw);
    }

    /** {@return whether the call was marked as synthetic probe traffic} */
    public boolean synthetic() {
      return header(SYNTHETIC_HEADER) != null;
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
    volatile @Nullable Answer result;

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

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
