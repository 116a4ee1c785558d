package dev.microevent.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.microevent.core.internal.Json;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import dev.microevent.testkit.internal.CommerceModel.Reason;
import dev.microevent.testkit.internal.CommerceModel.Refused;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fake commerce backend's HTTP side ({@code docs/commerce-api.yaml}): paths and methods,
 * parsing and validating what a request carries (ids, the {@code Idempotency-Key} sf-string, the
 * client and key-age headers, JSON bodies), {@code Cache-Control}, {@code Age} and {@code ETag}
 * on reads, the status code and problem document of every refusal of the {@link CommerceModel},
 * the record of calls, and held requests. Thread-safe.
 */
public final class CommerceRouter {
  private static final String PROBLEM = "https://microevent.dev/problems/";
  private static final String PATH_CHECKOUTS = "/commerce/v1/checkouts";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern AGE = Pattern.compile("[0-9]{1,12}");
  private static final ObjectWriter CANONICAL =
      Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final CommerceModel model;
  private final List<FakeCommerceBackend.RecordedCall> calls = new CopyOnWriteArrayList<>();
  private volatile String productCacheControl = "max-age=10, stale-while-revalidate=30, stale-if-error=300";
  private volatile String inventoryCacheControl = "max-age=2, stale-while-revalidate=5, stale-if-error=30";
  private volatile int ageSeconds;
  private volatile Gate gate = new Gate("", new CountDownLatch(0));
  private final AtomicInteger held = new AtomicInteger();

  /**
   * A router in front of a model.
   *
   * @param model the domain it answers from
   */
  public CommerceRouter(CommerceModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  // ------------------------------------------------------------------ knobs and observations

  /**
   * The {@code Cache-Control} sent with product reads.
   *
   * @param value the header value, or empty for none
   */
  public void productCacheControl(String value) {
    this.productCacheControl = Objects.requireNonNull(value, "value");
  }

  /**
   * The {@code Cache-Control} sent with inventory reads.
   *
   * @param value the header value, or empty for none
   */
  public void inventoryCacheControl(String value) {
    this.inventoryCacheControl = Objects.requireNonNull(value, "value");
  }

  /**
   * The {@code Age} header sent with reads; 0 sends none.
   *
   * @param seconds age in seconds
   */
  public void age(int seconds) {
    this.ageSeconds = seconds;
  }

  /**
   * Holds requests whose path starts with a prefix until {@link #release()} (see {@link
   * FakeCommerceBackend#hold(String)}).
   *
   * @param pathPrefix the prefix
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

  /** {@return every request any plane passed on, in arrival order} */
  public List<FakeCommerceBackend.RecordedCall> calls() {
    return List.copyOf(calls);
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
  public CommerceAnswer handle(String planeId, String method, String target, Map<String, String> headers,
      byte[] body) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    calls.add(new FakeCommerceBackend.RecordedCall(planeId, method, path, Map.copyOf(headers),
        new String(body, StandardCharsets.UTF_8)));
    boolean synthetic = headers.containsKey(FakeCommerceBackend.SYNTHETIC_HEADER.toLowerCase(Locale.ROOT));
    boolean isCheckout = method.equals("POST") && path.equals(PATH_CHECKOUTS);
    if (!isCheckout) {
      awaitGate(path);
    }
    CommerceAnswer a;
    try {
      a = route(method, path, query, headers, body, synthetic);
    } catch (Refused refused) {
      a = refusal(refused);
    }
    Map<String, String> h = new LinkedHashMap<>(a.headers());
    h.put(FakeCommerceBackend.API_VERSION_HEADER, FakeCommerceBackend.API_VERSION);
    return new CommerceAnswer(a.status(), Map.copyOf(h), a.body());
  }

  private CommerceAnswer route(String method, String path, String query, Map<String, String> headers, byte[] body,
      boolean synthetic) {
    String[] seg = path.split("/", -1);
    if (seg.length < 4 || !seg[1].equals("commerce") || !seg[2].equals("v1")) {
      return problem(404, "not-found", "no such resource: " + path);
    }
    String resource = seg[3];
    return switch (resource) {
      case "products" -> seg.length == 4 && method.equals("GET") ? listProducts(query)
          : seg.length == 5 && method.equals("GET")
              ? cached(model.product(id(seg[4], "sku")), productCacheControl, true, headers.get("if-none-match"))
          : notAllowed(method, path);
      case "inventory" -> seg.length == 5 && method.equals("GET")
          ? cached(model.inventory(id(seg[4], "sku")), inventoryCacheControl, false, null)
          : notAllowed(method, path);
      case "carts" -> carts(method, seg, body);
      case "checkouts" -> seg.length == 4 && method.equals("POST") ? checkout(headers, body, synthetic)
          : seg.length == 5 && method.equals("GET") ? checkoutStatus(headers, percentDecode(seg[4]))
          : seg.length == 6 && seg[5].equals("fence") && method.equals("PUT")
              ? fence(headers, percentDecode(seg[4]))
          : notAllowed(method, path);
      case "orders" -> seg.length == 5 && method.equals("GET") ? json(200, model.order(id(seg[4], "orderId")))
          : notAllowed(method, path);
      default -> problem(404, "not-found", "no such resource: " + path);
    };
  }

  private static CommerceAnswer notAllowed(String method, String path) {
    return problem(405, "invalid-request", method + " is not allowed on " + path);
  }

  private CommerceAnswer listProducts(String query) {
    String drop = null;
    for (String p : query.split("&", -1)) {
      if (p.startsWith("drop=")) {
        drop = id(p.substring(5), "drop");
      }
    }
    return cached(Map.of("products", model.products(drop)), productCacheControl, true, null);
  }

  private CommerceAnswer cached(Object doc, String cacheControl, boolean etag, @Nullable String ifNoneMatch) {
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
        return new CommerceAnswer(304, h, new byte[0]);
      }
    }
    return new CommerceAnswer(200, h, bytes);
  }

  private CommerceAnswer carts(String method, String[] seg, byte[] body) {
    if (seg.length < 5) {
      return problem(404, "not-found", "no such resource");
    }
    String cartId = id(seg[4], "cartId");
    if (seg.length == 5 && method.equals("PUT")) {
      return json(200, model.openCart(cartId));
    }
    if (seg.length == 5 && method.equals("GET")) {
      return json(200, model.cart(cartId));
    }
    if (seg.length == 7 && seg[5].equals("items") && method.equals("PUT")) {
      model.cart(cartId); // an unknown cart is 404 before its line is looked at (carts are never removed)
      String sku = id(seg[6], "sku");
      return json(200, model.setCartLine(cartId, sku, () -> {
        JsonNode qty = parse(body).get("quantity");
        if (qty == null || !qty.isInt() || qty.asInt() < 0 || qty.asInt() > 100) {
          throw invalid("quantity must be an integer 0..100");
        }
        return qty.asInt();
      }));
    }
    return problem(405, "invalid-request", method + " is not allowed here");
  }

  private CommerceAnswer checkout(Map<String, String> headers, byte[] body, boolean syntheticHeader) {
    String rawKey = headers.get("idempotency-key");
    if (rawKey == null) {
      return problem(400, "idempotency-key-missing", "Idempotency-Key is required on checkout");
    }
    String key = parseKey(rawKey);
    if (key == null) {
      return problem(400, "idempotency-key-missing", "Idempotency-Key must be an sf-string of 1..255 characters");
    }
    CommerceModel.Claim claim = model.claim(key, client(headers), keyAge(headers), new JsonCheckout(body),
        syntheticHeader);
    CommerceModel.Result stored = claim.stored();
    if (stored != null) {
      return result(stored);
    }
    awaitGate(PATH_CHECKOUTS);
    return result(model.charge(claim, FakeCommerceBackend.DECLINE_PREFIX));
  }

  /** A checkout's result, answered the same the first time and on every replay of its key. */
  private static CommerceAnswer result(CommerceModel.Result result) {
    Refused refusal = result.refusal();
    return refusal != null ? refusal(refusal) : json(201, Objects.requireNonNull(result.order()));
  }

  private CommerceAnswer checkoutStatus(Map<String, String> headers, @Nullable String key) {
    String k = keyInPath(key);
    return json(200, model.status(client(headers), k));
  }

  private CommerceAnswer fence(Map<String, String> headers, @Nullable String key) {
    String k = keyInPath(key);
    String client = client(headers);
    if (client.isEmpty()) {
      throw invalid("a fence needs " + FakeCommerceBackend.CLIENT_HEADER + ": it closes a key in one client's scope only");
    }
    return json(200, model.fence(client, k, keyAge(headers)));
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

  /** The status and problem document of each refusal of the model. */
  private static CommerceAnswer refusal(Refused r) {
    return switch (r.reason()) {
      case NOT_FOUND -> problem(404, "not-found", r.detail());
      case INVALID -> problem(400, "invalid-request", r.detail());
      case SOLD_OUT -> problem(400, "sold-out", r.detail());
      case KEY_REUSED -> problem(422, "idempotency-key-reused", r.detail());
      case IN_FLIGHT -> problem(409, "idempotency-in-flight", r.detail());
      case FENCED -> problem(410, "idempotency-key-fenced", r.detail());
      case EXPIRED -> problem(410, "idempotency-key-expired", r.detail());
      case DECLINED -> {
        Map<String, Object> p = problemDoc(402, "payment-declined", r.detail());
        p.put("orderId", r.orderId());
        yield new CommerceAnswer(402, Map.of("Content-Type", "application/problem+json"), write(p));
      }
    };
  }

  // ------------------------------------------------------------------ parsing

  /** A checkout body over its JSON; parsed on the first read, so a bad body is refused in turn. */
  private static final class JsonCheckout implements CommerceModel.CheckoutBody {
    private final byte[] body;
    private @Nullable JsonNode tree;

    JsonCheckout(byte[] body) {
      this.body = body;
    }

    private JsonNode tree() {
      JsonNode t = tree;
      if (t == null) {
        t = parse(body);
        tree = t;
      }
      return t;
    }

    @Override
    public String fingerprint() {
      tree();
      try {
        Object doc = Json.mapper().readValue(body, Object.class);
        return sha256(CANONICAL.writeValueAsBytes(doc));
      } catch (IOException e) {
        throw invalid("body is not valid JSON");
      }
    }

    @Override
    public String cartId() {
      return id(text(tree(), "cartId"), "cartId");
    }

    @Override
    public String paymentToken() {
      return text(tree(), "paymentToken");
    }

    @Override
    public boolean totalMatches(long amount, String currency) {
      JsonNode sent = tree().get("total");
      return sent != null && sent.path("amount").canConvertToLong() && sent.path("amount").asLong() == amount
          && sent.path("currency").asText().equals(currency);
    }

    @Override
    public boolean synthetic() {
      return tree().path("synthetic").asBoolean(false);
    }
  }

  /**
   * Parses an {@code Idempotency-Key} value: an RFC 8941 sf-string, or (leniently) a bare token.
   *
   * @param raw the header value
   * @return the key, or null when malformed
   */
  public static @Nullable String parseKey(String raw) {
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

  /**
   * Decodes {@code %XX} escapes of a path segment.
   *
   * @param segment the raw segment
   * @return the decoded segment, or null when an escape is malformed
   */
  public static @Nullable String percentDecode(String segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
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

  private static String keyInPath(@Nullable String key) {
    if (key == null || parseKey(key) == null) {
      throw invalid("the key must be 1..255 printable characters, percent-encoded in the path");
    }
    return key;
  }

  /** The client a request names; requests without the client header share one anonymous scope. */
  private static String client(Map<String, String> headers) {
    String c = headers.get(FakeCommerceBackend.CLIENT_HEADER.toLowerCase(Locale.ROOT));
    return c == null ? "" : id(c.strip(), FakeCommerceBackend.CLIENT_HEADER);
  }

  /** The key's age the request names; null when absent or not 1..12 digits (its age is unknown). */
  private static @Nullable Duration keyAge(Map<String, String> headers) {
    String v = headers.get(FakeCommerceBackend.KEY_AGE_HEADER.toLowerCase(Locale.ROOT));
    return v == null || !AGE.matcher(v.strip()).matches() ? null : Duration.ofSeconds(Long.parseLong(v.strip()));
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = Json.mapper().readTree(body);
      if (n == null || !n.isObject()) {
        throw invalid("body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw invalid("body is not valid JSON");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw invalid(field + " must be a string");
    }
    return v.asText();
  }

  private static String id(String value, String what) {
    if (!ID.matcher(value).matches()) {
      throw invalid(what + " must match " + ID.pattern());
    }
    return value;
  }

  private static Refused invalid(String detail) {
    return new Refused(Reason.INVALID, detail);
  }

  // ------------------------------------------------------------------ answers

  private static CommerceAnswer json(int status, Object doc) {
    return new CommerceAnswer(status, Map.of("Content-Type", "application/json"), write(doc));
  }

  private static Map<String, Object> problemDoc(int status, String type, String detail) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", PROBLEM + type);
    p.put("title", type.replace('-', ' '));
    p.put("status", status);
    p.put("detail", detail);
    return p;
  }

  private static CommerceAnswer problem(int status, String type, String detail) {
    return new CommerceAnswer(status, Map.of("Content-Type", "application/problem+json"),
        write(problemDoc(status, type, detail)));
  }

  private static byte[] write(Object doc) {
    try {
      return Json.mapper().writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a fake answer", e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private record Gate(String pathPrefix, CountDownLatch latch) {}
}
