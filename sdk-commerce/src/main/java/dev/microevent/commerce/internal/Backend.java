package dev.microevent.commerce.internal;

import dev.microevent.commerce.Cart;
import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.DropId;
import dev.microevent.commerce.Inventory;
import dev.microevent.commerce.Order;
import dev.microevent.commerce.OrderId;
import dev.microevent.commerce.Product;
import dev.microevent.commerce.Sku;
import dev.microevent.commerce.UnsupportedBackendException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.internal.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed calls of the commerce API through the core client: one place that knows paths, intents,
 * headers and documents. Synthetic calls carry {@value #SYNTHETIC_HEADER}.
 */
final class Backend {
  static final String SYNTHETIC_HEADER = "X-Microevent-Synthetic";
  /** The header that names the client, so the backend scopes idempotency keys per client. */
  static final String CLIENT_HEADER = "X-Microevent-Client";
  static final String BASE = "/commerce/v1";
  /**
   * The header with the age of a checkout's key in whole seconds, by the client's clock since the
   * journal created it: a backend that has pruned the key answers 410 {@code
   * idempotency-key-expired} to a key older than its retention instead of charging or fencing it.
   * An age, not a time, so a client clock that is off by hours cannot make an old key look new.
   */
  static final String KEY_AGE_HEADER = "X-Microevent-Key-Age";

  /** The value of {@link #KEY_AGE_HEADER}: whole seconds, never negative. */
  static String keyAge(Instant created, Instant now) {
    return Long.toString(Math.max(0, Duration.between(created, now).toSeconds()));
  }

  /** An API version as the header carries it: major.minor, at most 4 digits each. */
  private static final Pattern VERSION = Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})");

  private final MicroEventClient client;

  Backend(MicroEventClient client) {
    this.client = client;
  }

  MicroEventClient client() {
    return client;
  }

  static String productPath(Sku sku) {
    return BASE + "/products/" + sku.value();
  }

  static String productsPath(@org.jspecify.annotations.Nullable DropId drop) {
    return BASE + "/products" + (drop == null ? "" : "?drop=" + drop.value());
  }

  static String inventoryPath(Sku sku) {
    return BASE + "/inventory/" + sku.value();
  }

  static Product product(byte[] body) {
    Wire.ProductDoc doc = Json.read(body, Wire.ProductDoc.class);
    return Wire.map("product", doc::toProduct);
  }

  static List<Product> products(byte[] body) {
    Wire.ProductListDoc doc = Json.read(body, Wire.ProductListDoc.class);
    return Wire.map("product list",
        () -> Wire.require(doc.products(), "products").stream().map(Wire.ProductDoc::toProduct).toList());
  }

  static Inventory inventory(byte[] body) {
    Wire.InventoryDoc doc = Json.read(body, Wire.InventoryDoc.class);
    return Wire.map("inventory", doc::toInventory);
  }

  /** A GET through the core client, uncached. */
  EdgeResponse get(Intent intent, String path, boolean synthetic) {
    EdgeRequest.Builder b = EdgeRequest.builder("GET", path).header("accept", "application/json");
    if (synthetic) {
      b.header(SYNTHETIC_HEADER, "probe");
    }
    return client.call(intent, b.build());
  }

  /**
   * Fences a checkout key within the client's own key scope ({@code PUT
   * /commerce/v1/checkouts/{key}/fence}): the backend closes the key if it never received it, or
   * says what became of the checkout if it did. Idempotent, so the core client may retry it.
   *
   * @param key the checkout's idempotency key
   * @param created when the journal created the key
   * @param clientId the client the key was sent under
   * @return the 2xx answer, a checkout status
   */
  EdgeResponse fence(CheckoutId key, Instant created, String clientId) {
    String segment = URLEncoder.encode(key.value(), StandardCharsets.UTF_8).replace("+", "%20");
    return client.call(CommerceClient.ORDER_FLOW, EdgeRequest.builder("PUT", BASE + "/checkouts/" + segment + "/fence")
        .header("accept", "application/json")
        .header(CLIENT_HEADER, clientId)
        .header(KEY_AGE_HEADER, keyAge(created, client.runtime().clock().instant()))
        .build());
  }

  /**
   * Whether an answer comes from a backend that implements fences: commerce API 1.1 or later, as
   * its {@value UnsupportedBackendException#VERSION_HEADER} header says.
   */
  static boolean fencesKeys(EdgeResponse r) {
    String v = r.header(UnsupportedBackendException.VERSION_HEADER).orElse("").strip();
    Matcher m = VERSION.matcher(v);
    if (!m.matches()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    return major > 1 || (major == 1 && Integer.parseInt(m.group(2)) >= 1);
  }

  private EdgeResponse put(String path, Object body, boolean synthetic) {
    EdgeRequest.Builder b = EdgeRequest.builder("PUT", path).header("accept", "application/json")
        .body(Json.write(body), "application/json");
    if (synthetic) {
      b.header(SYNTHETIC_HEADER, "probe");
    }
    return client.call(CommerceClient.ORDER_FLOW, b.build());
  }

  Cart openCart(CartId cartId, boolean synthetic) {
    return cart(put(BASE + "/carts/" + cartId.value(), java.util.Map.of(), synthetic).body());
  }

  Cart getCart(CartId cartId) {
    return cart(get(CommerceClient.ORDER_FLOW, BASE + "/carts/" + cartId.value(), false).body());
  }

  Cart setQuantity(CartId cartId, Sku sku, int quantity, boolean synthetic) {
    if (quantity < 0 || quantity > 100) {
      throw new IllegalArgumentException("quantity must be within 0..100, got " + quantity);
    }
    return cart(put(BASE + "/carts/" + cartId.value() + "/items/" + sku.value(), new Wire.QuantityDoc(quantity),
        synthetic).body());
  }

  Order order(OrderId orderId, boolean synthetic) {
    return order(get(CommerceClient.ORDER_FLOW, BASE + "/orders/" + orderId.value(), synthetic).body());
  }

  Order order(byte[] body) {
    Wire.OrderDoc doc = Json.read(body, Wire.OrderDoc.class);
    return Wire.map("order", () -> doc.toOrder(client.runtime().clock().instant()));
  }

  private static Cart cart(byte[] body) {
    Wire.CartDoc doc = Json.read(body, Wire.CartDoc.class);
    return Wire.map("cart", doc::toCart);
  }
}
