package dev.microevent.commerce.internal;

import dev.microevent.commerce.Cart;
import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CartLine;
import dev.microevent.commerce.DropId;
import dev.microevent.commerce.Inventory;
import dev.microevent.commerce.Money;
import dev.microevent.commerce.Order;
import dev.microevent.commerce.OrderId;
import dev.microevent.commerce.OrderStatus;
import dev.microevent.commerce.Product;
import dev.microevent.commerce.Sku;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The wire documents of {@code docs/commerce-api.yaml} and their mapping to the public model.
 * Every mapping checks what the backend sent: a missing or invalid field becomes a {@link
 * ResponseMappingException}, never a {@code NullPointerException} in app code.
 */
final class Wire {
  private Wire() {}

  record MoneyDoc(long amount, @Nullable String currency) {
    static MoneyDoc of(Money m) {
      return new MoneyDoc(m.minorUnits(), m.currency().getCurrencyCode());
    }

    Money toMoney() {
      return Money.of(amount, require(currency, "currency"));
    }
  }

  record ProductDoc(@Nullable String sku, @Nullable String name, @Nullable MoneyDoc price, @Nullable String dropId) {
    Product toProduct() {
      return new Product(Sku.of(require(sku, "sku")), require(name, "name"), require(price, "price").toMoney(),
          dropId == null ? null : DropId.of(dropId));
    }
  }

  record ProductListDoc(@Nullable List<ProductDoc> products) {}

  record InventoryDoc(@Nullable String sku, int available, long version) {
    Inventory toInventory() {
      return new Inventory(Sku.of(require(sku, "sku")), available, version);
    }
  }

  record CartLineDoc(@Nullable String sku, int quantity, @Nullable MoneyDoc unitPrice) {}

  record CartDoc(@Nullable String cartId, @Nullable List<CartLineDoc> lines, @Nullable MoneyDoc total) {
    Cart toCart() {
      List<CartLine> out = new ArrayList<>();
      for (CartLineDoc l : require(lines, "lines")) {
        out.add(new CartLine(Sku.of(require(l.sku(), "sku")), l.quantity(), require(l.unitPrice(), "unitPrice").toMoney()));
      }
      return new Cart(CartId.of(require(cartId, "cartId")), out, require(total, "total").toMoney());
    }
  }

  record QuantityDoc(int quantity) {}

  record CheckoutDoc(String cartId, MoneyDoc total, String paymentToken, boolean synthetic) {}

  record OrderDoc(@Nullable String orderId, @Nullable String cartId, @Nullable String status,
      @Nullable MoneyDoc total, boolean synthetic, @Nullable String paymentReference, @Nullable Instant createdAt) {
    static OrderDoc of(Order o) {
      return new OrderDoc(o.orderId().value(), o.cartId().value(), o.status().name(), MoneyDoc.of(o.total()),
          o.synthetic(), o.paymentReference(), o.createdAt());
    }

    Order toOrder(Instant fallbackCreatedAt) {
      return new Order(OrderId.of(require(orderId, "orderId")), CartId.of(require(cartId, "cartId")),
          OrderStatus.valueOf(require(status, "status")), require(total, "total").toMoney(), synthetic,
          paymentReference, createdAt == null ? fallbackCreatedAt : createdAt);
    }
  }

  record CheckoutStatusDoc(@Nullable String key, @Nullable String state, @Nullable String orderId) {}

  /** Where the problem types of {@code docs/commerce-api.yaml} live. */
  static final String PROBLEM_TYPES = "https://microevent.dev/problems/";

  record ProblemDoc(@Nullable String type, @Nullable String title, @Nullable String detail, @Nullable String orderId) {
    static ProblemDoc parse(byte[] body) {
      try {
        return Json.read(body, ProblemDoc.class);
      } catch (ResponseMappingException notAProblem) {
        return new ProblemDoc(null, null, null, null);
      }
    }

    /** Whether this is the backend's documented problem of this kind (its full type URI, nothing like it). */
    boolean is(String kind) {
      return (PROBLEM_TYPES + kind).equals(type);
    }

    String describe() {
      String d = detail != null ? detail : title != null ? title : "no detail";
      return d.length() > 200 ? d.substring(0, 200) + "..." : d;
    }
  }

  /**
   * Reads a document and maps it, turning bad content into a {@link ResponseMappingException}.
   *
   * @param what the document's name, for the message
   * @param mapping the mapping
   * @param <T> the result
   * @return the mapped value
   */
  static <T> T map(String what, Supplier<T> mapping) {
    try {
      return mapping.get();
    } catch (IllegalArgumentException | NullPointerException | DateTimeException | ArithmeticException e) {
      throw new ResponseMappingException("the backend sent an invalid " + what + ": " + e.getMessage(), e);
    }
  }

  static <T> T require(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return value;
  }
}
