package dev.microevent.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.testkit.TestkitException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JSON for the testkit, on sdk-core's shared mapper (and its read limits for hostile input:
 * nesting depth, string, number and document sizes); failures become {@link TestkitException}s.
 */
public final class Json {
  private static final AtomicBoolean WARM = new AtomicBoolean();

  private Json() {}

  /**
   * Builds the mapper and links its map serializer and tree parser, once per JVM. Fakes call it
   * when they start: in a fresh JVM on a busy machine that takes over a second, which would
   * otherwise land in the first answer a fake gives and pass for the latency (or the timeout) of
   * the code under test.
   */
  public static void warmUp() {
    if (WARM.compareAndSet(false, true)) {
      Map<String, Object> sample = new LinkedHashMap<>();
      sample.put("warm", List.of(1, 2.5, true, "text"));
      try {
        tree(write(sample));
      } catch (IOException e) {
        throw new TestkitException("the testkit's JSON mapper cannot read what it wrote", e);
      }
    }
  }

  /** {@return the shared mapper; do not reconfigure it} */
  public static ObjectMapper mapper() {
    return dev.microevent.core.internal.Json.mapper();
  }

  /**
   * Writes a value as compact JSON.
   *
   * @param value anything Jackson can map
   * @return UTF-8 bytes
   */
  public static byte[] write(Object value) {
    try {
      return mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw failure(value, e);
    }
  }

  /**
   * Writes a value as indented JSON text.
   *
   * @param value anything Jackson can map
   * @return the text
   */
  public static String writePretty(Object value) {
    try {
      return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw failure(value, e);
    }
  }

  private static TestkitException failure(Object value, JsonProcessingException e) {
    return new TestkitException("cannot map " + value.getClass().getName() + " to JSON: " + e.getOriginalMessage(), e);
  }

  /**
   * Parses a JSON tree.
   *
   * @param bytes UTF-8 JSON
   * @return the tree
   * @throws IOException if it is not well-formed JSON within the limits
   */
  public static JsonNode tree(byte[] bytes) throws IOException {
    return mapper().readTree(bytes);
  }

  /**
   * Parses a JSON tree from text.
   *
   * @param text JSON text
   * @return the tree
   * @throws IOException if it is not well-formed JSON within the limits
   */
  public static JsonNode tree(String text) throws IOException {
    return mapper().readTree(text);
  }
}
