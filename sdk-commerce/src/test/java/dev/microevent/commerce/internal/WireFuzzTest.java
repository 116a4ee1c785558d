package dev.microevent.commerce.internal;

import dev.microevent.commerce.CommerceFuzz;
import dev.microevent.commerce.OfflineCore;
import dev.microevent.commerce.OrderId;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.internal.Json;
import dev.microevent.core.time.VirtualTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the commerce API's answers through the mappings the client applies to them: the body of
 * a 2xx becomes a model value or a {@code ResponseMappingException} (an {@link SdkException}),
 * and a problem document never throws at all.
 */
class WireFuzzTest {
  private static final String MONEY = "{\"amount\":4500,\"currency\":\"EUR\"}";
  private static final String PRODUCT = "{\"sku\":\"HOODIE-1\",\"name\":\"Drop hoodie\",\"price\":" + MONEY
      + ",\"dropId\":\"drop-1\"}";
  private static final String[] TOKENS = {"\"sku\"", "\"name\"", "\"price\"", "\"amount\"", "\"currency\"",
      "\"dropId\"", "\"products\"", "\"available\"", "\"version\"", "\"orderId\"", "\"cartId\"", "\"status\"",
      "\"total\"", "\"synthetic\"", "\"paymentReference\"", "\"createdAt\"", "\"lines\"", "\"quantity\"",
      "\"unitPrice\"", "\"key\"", "\"state\"", "\"type\"", "\"title\"", "\"detail\"", "\"PAID\"", "\"DECLINED\"",
      "\"PROCESSING\"", "\"EUR\"", "\"XXX\"", "-9223372036854775808", "1e308", "\"+1000000000-01-01T00:00:00Z\""};
  private static final String[] PROBLEM_SEEDS = {
      "{\"type\":\"https://microevent.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
          + "\"detail\":\"no product X\"}",
      "{\"type\":\"https://microevent.dev/problems/in-flight\",\"orderId\":\"o-1\"}"};
  private static final MicroEventClient CORE =
      OfflineCore.on(VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z")));
  private static final Backend BACKEND = new Backend(CORE);

  @AfterAll
  static void close() {
    CORE.close();
  }

  private static Fuzz answer(String name, Fuzz.Target mapping, String... seeds) {
    CommerceFuzz.warmUp(mapping, seeds);
    return Fuzz.parser(name, mapping).seeds(seeds).dictionary(TOKENS).typed(SdkException.class)
        .maxAllocation(CommerceFuzz.JSON);
  }

  @Test
  void productAnswers() {
    System.out.println(answer("product", Backend::product, PRODUCT,
        "{\"sku\":\"CAP-1\",\"name\":\"Cap\",\"price\":" + MONEY + "}").run());
  }

  @Test
  void productListAnswers() {
    System.out.println(
        answer("product list", Backend::products, "{\"products\":[" + PRODUCT + "," + PRODUCT + "]}",
            "{\"products\":[]}").run());
  }

  @Test
  void inventoryAnswers() {
    System.out.println(
        answer("inventory", Backend::inventory, "{\"sku\":\"HOODIE-1\",\"available\":100,\"version\":3}").run());
  }

  @Test
  void orderAnswers() {
    System.out.println(answer("order", BACKEND::order,
        "{\"orderId\":\"ord-1\",\"cartId\":\"cart-1\",\"status\":\"PAID\",\"total\":" + MONEY
            + ",\"synthetic\":false,\"paymentReference\":\"ch_1\",\"createdAt\":\"2026-06-01T18:00:00Z\"}",
        "{\"orderId\":\"ord-2\",\"cartId\":\"cart-2\",\"status\":\"DECLINED\",\"total\":" + MONEY + "}").run());
  }

  @Test
  void cartAnswers() {
    // Backend.cart's mapping: the document, then Wire.map.
    System.out.println(answer("cart", in -> Wire.map("cart", Json.read(in, Wire.CartDoc.class)::toCart),
        "{\"cartId\":\"cart-1\",\"lines\":[{\"sku\":\"HOODIE-1\",\"quantity\":1,\"unitPrice\":" + MONEY + "}],"
            + "\"total\":" + MONEY + "}",
        "{\"cartId\":\"cart-2\",\"lines\":[],\"total\":{\"amount\":0,\"currency\":\"EUR\"}}").run());
  }

  @Test
  void checkoutStatusAnswers() {
    // DefaultCheckout.resolve's mapping: the document, its state, the order id it names.
    System.out.println(answer("checkout status", in -> {
      Wire.CheckoutStatusDoc status = Json.read(in, Wire.CheckoutStatusDoc.class);
      if (!String.valueOf(status.state()).equals("PROCESSING")) {
        Wire.map("checkout status", () -> OrderId.of(Wire.require(status.orderId(), "orderId")));
      }
    }, "{\"key\":\"k-1\",\"state\":\"COMPLETED\",\"orderId\":\"ord-1\"}", "{\"key\":\"k-2\",\"state\":\"PROCESSING\"}")
        .run());
  }

  @Test
  void problemAnswers_neverThrow() {
    Fuzz.Target problem = in -> {
      Wire.ProblemDoc p = Wire.ProblemDoc.parse(in);
      p.is("idempotency-key-reused");
      p.describe();
    };
    CommerceFuzz.warmUp(problem, PROBLEM_SEEDS);
    System.out.println(Fuzz.parser("problem", problem).seeds(PROBLEM_SEEDS)
        .dictionary(TOKENS).maxAllocation(CommerceFuzz.JSON).run());
  }
}
