package dev.microevent.core.spi;

import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.TypeRef;

/**
 * The SDK's JSON mapping with its limits (document size, nesting, token count, string, name and
 * number lengths): java.time as ISO-8601, unknown properties ignored, every failure a {@link
 * ResponseMappingException}. For SDK modules and extensions; apps do not need it.
 *
 * <p>Thread-safe.
 */
public interface JsonCodec {

  /**
   * Encodes a value.
   *
   * @param value the value
   * @return UTF-8 JSON
   * @throws ResponseMappingException if it cannot be encoded
   */
  byte[] write(Object value);

  /**
   * Decodes bytes.
   *
   * @param json UTF-8 JSON
   * @param type the type; a primitive type ({@code int.class}) reads as its box
   * @param <T> the result type
   * @return the value, never null
   * @throws ResponseMappingException if the bytes are empty, malformed, over a limit, or not of
   *     that type
   */
  <T> T read(byte[] json, Class<T> type);

  /**
   * Decodes bytes as a generic type.
   *
   * @param json UTF-8 JSON
   * @param type the type, e.g. {@code new TypeRef<List<Item>>() {}}
   * @param <T> the result type
   * @return the value, never null
   * @throws ResponseMappingException as {@link #read(byte[], Class)}
   */
  <T> T read(byte[] json, TypeRef<T> type);
}
