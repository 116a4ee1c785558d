package dev.microevent.plane.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The plane's one JSON mapper, with limits for outside bytes. */
public final class PlaneJson {
  /** The mapper: strict JSON, bounded nesting and lengths, duplicate names refused. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64).maxNumberLength(64).maxStringLength(1 << 20).maxNameLength(256).build());
  }

  private PlaneJson() {}

  /**
   * Reads outside bytes as a JSON tree.
   *
   * @param bytes the bytes
   * @param what what they should be, for the error
   * @return the tree
   * @throws Problem 400 {@code malformed_json} if they are not one JSON value within the limits
   */
  public static JsonNode read(byte[] bytes, String what) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw Problem.badRequest("malformed_json", what + " is empty");
      }
      return node;
    } catch (IOException e) {
      throw Problem.badRequest("malformed_json", what + " is not valid JSON within the plane's limits");
    }
  }

  /**
   * Reads a JSON object the plane stored (a state store's bytes, which another version or a hand
   * with access to the store may have written).
   *
   * @param bytes the stored bytes
   * @param what what they should be, for the error, e.g. {@code "a stored alert"}
   * @return the object
   * @throws StoreException if they are not one JSON object within the plane's limits
   */
  public static ObjectNode readStored(byte[] bytes, String what) {
    try {
      if (MAPPER.readTree(bytes) instanceof ObjectNode o) {
        return o;
      }
    } catch (IOException | RuntimeException e) { // whatever the bytes, the caller gets the store's error
      throw new StoreException(what + " cannot be read; was it written by another version?", e);
    }
    throw new StoreException(what + " is not a JSON object; was it written by another version?", null);
  }

  /**
   * Writes a value.
   *
   * @param value a tree or record
   * @return its UTF-8 JSON
   */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
