package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed JSON calls map bodies both ways, and refuse malformed or hostile documents with a typed error. */
class TypedJsonIT {
  record Item(String sku, int stock) {}

  record Catalog(String drop, List<Item> items) {}

  private TestPlane edge;
  private MicroEventClient client;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    client = MicroEventClient.builder().addEdgePlane(edge.edge(0)).healthChecksEnabled(false).build();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
  }

  @Test
  void getMapsTheBody_ignoringFieldsTheServerAdded() {
    edge.answering(r -> TestPlane.json(200,
        "{\"drop\":\"d-1\",\"items\":[{\"sku\":\"tee\",\"stock\":3,\"colour\":\"red\"}],\"next\":null}"));

    Catalog c = client.get(Intent.READ, "/v1/catalog", Catalog.class);

    assertThat(c).isEqualTo(new Catalog("d-1", List.of(new Item("tee", 3))));
  }

  @Test
  void genericTypesUseATypeRef() {
    edge.answering(r -> TestPlane.json(200, "[{\"sku\":\"tee\",\"stock\":3},{\"sku\":\"cap\",\"stock\":0}]"));

    List<Item> items = client.get(Intent.READ, "/v1/items", new TypeRef<List<Item>>() {});

    assertThat(items).extracting(Item::sku).containsExactly("tee", "cap");
  }

  @Test
  void postSendsJson_andReadsTheAnswer() {
    edge.answering(r -> TestPlane.json(201, r.getBody().utf8()));

    Item echoed = client.post(Intent.CONTROL, "/v1/items", new Item("mug", 9), Item.class);

    assertThat(echoed).isEqualTo(new Item("mug", 9));
    assertThat(edge.appRequests.get(0).getHeaders().get("Content-Type")).startsWith("application/json");
  }

  @Test
  void malformedJsonIsATypedError() {
    edge.answering(r -> TestPlane.json(200, "{\"drop\": \"d-1\", \"items\": [ {\"sku\": "));

    assertThatThrownBy(() -> client.get(Intent.READ, "/v1/catalog", Catalog.class))
        .isInstanceOf(ResponseMappingException.class)
        .hasMessageContaining("Catalog");
  }

  @Test
  void wrongShapesAreATypedError() {
    edge.answering(r -> TestPlane.json(200, "{\"drop\":\"d-1\",\"items\":[{\"sku\":\"tee\",\"stock\":\"lots\"}]}"));

    assertThatThrownBy(() -> client.get(Intent.READ, "/v1/catalog", Catalog.class))
        .isInstanceOf(ResponseMappingException.class);
  }

  @Test
  void deeplyNestedHostileJsonIsRefused_beforeItExhaustsTheStack() {
    String bomb = "[".repeat(100_000) + "]".repeat(100_000);
    edge.answering(r -> TestPlane.json(200, bomb));

    assertThatThrownBy(() -> client.get(Intent.READ, "/v1/items", new TypeRef<List<Object>>() {}))
        .isInstanceOf(ResponseMappingException.class)
        .hasMessageContaining("nesting");
  }

  @Test
  void emptyAndNullBodiesAreTypedErrors() {
    edge.answering(r -> TestPlane.json(200, ""));
    assertThatThrownBy(() -> client.get(Intent.READ, "/v1/catalog", Catalog.class))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("empty");

    edge.answering(r -> TestPlane.json(200, "null"));
    assertThatThrownBy(() -> client.get(Intent.READ, "/v1/catalog", Catalog.class))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("null");
  }

  @Test
  void trailingGarbageIsRefused() {
    edge.answering(r -> TestPlane.json(200, "{\"drop\":\"d-1\",\"items\":[]} {\"evil\":1}"));

    assertThatThrownBy(() -> client.get(Intent.READ, "/v1/catalog", Catalog.class))
        .isInstanceOf(ResponseMappingException.class);
  }

  @Test
  void primitiveTargetsMapToTheirBoxes_orGiveATypedError() {
    edge.answering(r -> TestPlane.json(200, "42"));
    int stock = client.get(Intent.READ, "/v1/stock", int.class);
    assertThat(stock).isEqualTo(42);
    assertThat(client.runtime().json().read(bytes("true"), boolean.class)).isTrue();
    assertThat(client.runtime().json().read(bytes("2.5"), double.class)).isEqualTo(2.5);

    assertThatThrownBy(() -> client.runtime().json().read(bytes("\"lots\""), int.class))
        .isInstanceOf(ResponseMappingException.class);
    assertThatThrownBy(() -> client.runtime().json().read(bytes("1"), void.class))
        .isInstanceOf(ResponseMappingException.class);
  }

  @Test
  void numbersOutOfTheirTargetsRange_areATypedError_neverWrappedZeroedOrInflated() {
    for (String outOfRange : List.of("-1e40", "11e27172646802", "1e999", "-9223372036854775808.5")) {
      assertThatThrownBy(() -> client.runtime().json().read(bytes(outOfRange), java.time.Instant.class))
          .as(outOfRange).isInstanceOf(ResponseMappingException.class);
    }
    assertThatThrownBy(() -> client.runtime().json().read(bytes("1e40"), java.time.Duration.class))
        .as("not a negative duration").isInstanceOf(ResponseMappingException.class);
    assertThatThrownBy(() -> client.runtime().json().read(bytes("1e999"), java.time.Duration.class))
        .as("not zero").isInstanceOf(ResponseMappingException.class);

    assertThatThrownBy(() -> client.runtime().json().read(bytes("1e99942"), java.math.BigInteger.class))
        .as("not a 100,000-digit number from 7 bytes").isInstanceOf(ResponseMappingException.class);
    assertThatThrownBy(() -> client.runtime().json().read(bytes("1e400"), double.class))
        .as("not infinity").isInstanceOf(ResponseMappingException.class);
    assertThatThrownBy(() -> client.runtime().json().read(bytes("1e39"), Float.class))
        .as("not infinity").isInstanceOf(ResponseMappingException.class);

    assertThat(client.runtime().json().read(bytes("1780336800.5"), java.time.Instant.class))
        .isEqualTo(java.time.Instant.parse("2026-06-01T18:00:00.500Z"));
    assertThat(client.runtime().json().read(bytes("1.5e3"), java.math.BigInteger.class)).isEqualTo(1500);
    assertThat(client.runtime().json().read(bytes("1e308"), double.class)).isEqualTo(1e308);
  }

  @Test
  void anObjectGraphBomb_isRefusedWithATypedError_withinBoundedMemory() {
    // 7.9 MiB of "{}," under the document limit: millions of empty maps if nothing counts tokens.
    byte[] bomb = bytes("[" + "{},".repeat(2_760_000) + "{}]");
    assertThat((long) bomb.length).isLessThan(dev.microevent.core.internal.Json.MAX_DOCUMENT);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    client.runtime().json().read(bytes("[{},{\"a\":[1]}]"), Object.class); // load the classes first: count only the parse
    long before = mx.getCurrentThreadAllocatedBytes();

    assertThatThrownBy(() -> client.runtime().json().read(bomb, Object.class))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("Token count");

    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    // Without a token limit it is accepted as 2.76 million maps: over 300 MB allocated.
    assertThat(allocated).as("bytes allocated refusing a %d-byte document", bomb.length)
        .isLessThan(5L * bomb.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
