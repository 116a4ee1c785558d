package dev.microevent.core;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies through the public typed helpers ({@code fromJson} reads exactly as {@code get} and
 * {@code post} do): any bytes give the value or a {@link ResponseMappingException}, never another
 * exception, a hang or an object graph out of proportion to the input.
 */
class JsonBodyFuzzTest {
  enum Size { S, M, L }

  record Item(String sku, int stock, long sold, @Nullable BigDecimal price, @Nullable BigInteger serial,
      @Nullable Size size, Set<String> tags) {}

  record Drop(String id, List<Item> items, Instant opensAt, @Nullable OffsetDateTime closesAt,
      @Nullable Duration window, @Nullable LocalDate day, Map<String, Double> prices, boolean live, double load) {}

  private static final String[] DROPS = {
      "{\"id\":\"d-1\",\"items\":[{\"sku\":\"tee\",\"stock\":3,\"sold\":9000000000,\"price\":19.90,"
          + "\"serial\":123456789012345678901234567890,\"size\":\"M\",\"tags\":[\"new\",\"eco\"]}],"
          + "\"opensAt\":\"2026-06-01T18:00:00Z\",\"closesAt\":\"2026-06-01T20:00:00+02:00\",\"window\":\"PT2H\","
          + "\"day\":\"2026-06-01\",\"prices\":{\"tee\":19.9,\"cap\":12},\"live\":true,\"load\":0.25}",
      "{\"id\":\"d-2\",\"items\":[],\"opensAt\":1780336800.5,\"window\":7200,\"prices\":{},\"live\":false,"
          + "\"load\":1e-3,\"colour\":\"ignored\"}",
      "{\"id\":\"d-3\",\"items\":[{\"sku\":\"cap\",\"stock\":0,\"sold\":0,\"tags\":[]}],\"opensAt\":1780336800000,"
          + "\"prices\":{\"x\":-0.0},\"live\":true,\"load\":0}"};

  private static final String[] JSON_WORDS = {"{\"a\":", "[", "]", "{", "}", "\"", ",", ":", "true", "false",
      "null", "1e999", "-1e40", "11e27172646802", "0.5", "\"PT1S\"", "\"2026-06-01\"", "\\u0000", "\\ud800"};

  private static final Class<?>[] SCALARS = {Instant.class, Duration.class, OffsetDateTime.class, LocalDate.class,
      int.class, long.class, double.class, boolean.class, String.class, BigInteger.class};

  private static MicroEventClient client;

  @BeforeAll
  static void build() {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    // Never contacted: the virtual scheduler runs nothing unless advanced, and fromJson does no I/O.
    client = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("unused", URI.create("http://127.0.0.1:9"), 0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .build();
    // Jackson builds a deserializer per type on first use: that is set-up, not what one input costs.
    for (String seed : DROPS) {
      each(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8), Drop.class, Object.class, Map.class, List.class);
    }
    each("1".getBytes(java.nio.charset.StandardCharsets.UTF_8), SCALARS);
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void bodiesReadAsRecords() {
    Fuzz.Report report = Fuzz.parser("JSON body as a record", in -> client.runtime().json().read(in, Drop.class))
        .seeds(DROPS).dictionary(JSON_WORDS).typed(ResponseMappingException.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void bodiesReadAsUntypedValues() {
    Fuzz.Report report = Fuzz.parser("JSON body as Object and Map", in -> each(in, Object.class, Map.class, List.class))
        .seeds(DROPS).seeds("[1,2.5,\"x\",null,true,{\"a\":[{}]}]", "\"text\"", "-0.0e-7")
        .dictionary(JSON_WORDS).typed(ResponseMappingException.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void bodiesReadAsJavaTimeAndPrimitives() {
    Fuzz.Report report = Fuzz.parser("JSON body as java.time and primitives", in -> each(in, SCALARS))
        .seeds("1780336800.5", "\"2026-06-01T18:00:00Z\"", "\"2026-06-01T20:00:00+02:00\"", "\"PT30S\"", "42",
            "true", "\"2026-06-01\"", "9223372036854775807", "-1.5e3", "\"text\"")
        .dictionary(JSON_WORDS).typed(ResponseMappingException.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  /**
   * Reads the input as every type; the first typed refusal is thrown when every type refused.
   * Anything else escapes to the harness.
   */
  private static void each(byte[] in, Class<?>... types) {
    ResponseMappingException refusal = null;
    boolean accepted = false;
    for (Class<?> type : types) {
      try {
        client.runtime().json().read(in, type);
        accepted = true;
      } catch (ResponseMappingException refused) {
        refusal = refusal == null ? refused : refusal;
      }
    }
    if (!accepted && refusal != null) {
      throw refusal;
    }
  }
}
