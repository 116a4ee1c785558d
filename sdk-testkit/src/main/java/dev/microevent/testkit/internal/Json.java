package dev.microevent.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.microevent.testkit.TestkitException;
import java.io.IOException;

/** The testkit's one JSON mapper, with tight read limits for hostile input. */
public final class Json {
  /** Nesting depth accepted when reading; traffic records and heartbeats are flat. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH)
        .maxStringLength(1_000_000)
        .maxNumberLength(100)
        .build());
  }

  private Json() {}

  /** The shared mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Writes a value as compact JSON.
   *
   * @param value anything Jackson can map
   * @return UTF-8 bytes
   */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new TestkitException("cannot map " + value.getClass().getName() + " to JSON: " + e.getOriginalMessage(), e);
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
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new TestkitException("cannot map " + value.getClass().getName() + " to JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a JSON tree.
   *
   * @param bytes UTF-8 JSON
   * @return the tree
   * @throws IOException if it is not well-formed JSON within the limits
   */
  public static JsonNode tree(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /**
   * Parses a JSON tree from text.
   *
   * @param text JSON text
   * @return the tree
   * @throws IOException if it is not well-formed JSON within the limits
   */
  public static JsonNode tree(String text) throws IOException {
    return MAPPER.readTree(text);
  }
}
