package dev.microevent.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.TypeRef;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * The SDK's one JSON mapper: java.time support, ISO-8601 dates, unknown properties ignored
 * (servers may add fields), and hard limits against hostile documents (nesting depth, string and
 * number length, document size). Thread-safe.
 */
public final class Json {
  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 64;
  /** Largest document accepted, in bytes. */
  public static final long MAX_DOCUMENT = 8L * 1024 * 1024;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(1024 * 1024)
                .maxNumberLength(100)
                .maxDocumentLength(MAX_DOCUMENT)
                .build());
  }

  /** Reads configuration documents: a member named twice is an error, not "the last one wins". */
  private static final ObjectReader STRICT_TREE =
      MAPPER.readerFor(JsonNode.class).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Json() {}

  /** The shared mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Encodes a value.
   *
   * @param value the value
   * @return UTF-8 JSON
   * @throws ResponseMappingException if it cannot be encoded
   */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new ResponseMappingException(
          "cannot encode " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Decodes bytes.
   *
   * @param json UTF-8 JSON
   * @param type target type
   * @param <T> target type
   * @return the value, never null
   * @throws ResponseMappingException if the bytes are empty, malformed, too deep or too large, or
   *     not of that type
   */
  public static <T> T read(byte[] json, Class<T> type) {
    return type.cast(readType(json, type));
  }

  /**
   * Decodes bytes as a generic type.
   *
   * @param json UTF-8 JSON
   * @param type target type
   * @param <T> target type
   * @return the value, never null
   * @throws ResponseMappingException as {@link #read(byte[], Class)}
   */
  @SuppressWarnings("unchecked") // the mapper built a value of exactly the captured type
  public static <T> T read(byte[] json, TypeRef<T> type) {
    return (T) readType(json, type.type());
  }

  /**
   * Decodes a document that configures the client as a tree, with the usual limits and one more
   * rule: an object naming a member twice is refused (JSON leaves that case open, and "the last
   * one wins" would let a document say two things at once).
   *
   * @param json UTF-8 JSON
   * @return the tree, never null or missing
   * @throws ResponseMappingException if the bytes are empty, malformed, too deep or too large, or
   *     repeat a member
   */
  public static JsonNode readStrictTree(byte[] json) {
    if (json.length == 0) {
      throw new ResponseMappingException("expected a JSON document but the body is empty", null);
    }
    try {
      JsonNode tree = STRICT_TREE.readValue(json);
      if (tree == null || tree.isMissingNode()) {
        throw new ResponseMappingException("expected a JSON document but got nothing", null);
      }
      return tree;
    } catch (IOException e) {
      throw new ResponseMappingException("cannot read the document: " + firstLine(e), e);
    }
  }

  private static Object readType(byte[] json, Type type) {
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    String name = javaType.getRawClass().getSimpleName();
    if (json.length == 0) {
      throw new ResponseMappingException("expected a JSON " + name + " but the body is empty", null);
    }
    try {
      Object value = MAPPER.readValue(json, javaType);
      if (value == null) {
        throw new ResponseMappingException("expected a JSON " + name + " but got null", null);
      }
      return value;
    } catch (IOException e) {
      throw new ResponseMappingException("cannot read the body as " + name + ": " + firstLine(e), e);
    }
  }

  private static String firstLine(IOException e) {
    String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
