package dev.microevent.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.TypeRef;
import dev.microevent.core.spi.JsonCodec;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The SDK's one JSON mapper: java.time support, ISO-8601 dates, unknown properties ignored
 * (servers may add fields), and hard limits against hostile documents, on the bytes and on the
 * object graph they would build: document size, nesting depth, token count, and string, member
 * name and number lengths. Every mapping failure, whatever Jackson or a java.time conversion
 * throws, is a {@link ResponseMappingException}. Thread-safe.
 */
public final class Json {
  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 64;
  /** Largest document accepted, in bytes. */
  public static final long MAX_DOCUMENT = 8L * 1024 * 1024;
  /**
   * Most tokens (each bracket, name and value) in one document: bounds the object graph, which
   * the byte limit alone does not (8 MiB of {@code {},} would be 2.8 million maps).
   */
  public static final long MAX_TOKENS = 500_000;
  /** Longest string value, in characters. */
  public static final int MAX_STRING = 1024 * 1024;
  /** Longest member name, in characters. */
  public static final int MAX_NAME = 4 * 1024;
  /** Longest number, in characters. */
  public static final int MAX_NUMBER = 100;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxDocumentLength(MAX_DOCUMENT)
                  .maxTokenCount(MAX_TOKENS)
                  .maxStringLength(MAX_STRING)
                  .maxNameLength(MAX_NAME)
                  .maxNumberLength(MAX_NUMBER)
                  .build())
              .build())
          .addModule(new JavaTimeModule())
          .addModule(new SimpleModule("microevent-number-range").setDeserializerModifier(new NumberRange()))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  /** Reads configuration documents: a member named twice is an error, not "the last one wins". */
  private static final ObjectReader STRICT_TREE =
      MAPPER.readerFor(JsonNode.class).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Json() {}

  /**
   * This mapping as the SPI's codec ({@link dev.microevent.core.spi.ModuleRuntime#json()}).
   *
   * @return the codec
   */
  public static JsonCodec codec() {
    return Codec.INSTANCE;
  }

  private enum Codec implements JsonCodec {
    INSTANCE;

    @Override
    public byte[] write(Object value) {
      return Json.write(value);
    }

    @Override
    public <T> T read(byte[] json, Class<T> type) {
      return Json.read(json, type);
    }

    @Override
    public <T> T read(byte[] json, TypeRef<T> type) {
      return Json.read(json, type);
    }
  }

  /** {@return the shared mapper; do not reconfigure it} */
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
   * @param type target type; a primitive type reads as its box
   * @param <T> target type
   * @return the value, never null
   * @throws ResponseMappingException if the bytes are empty, malformed, over a limit, or not of
   *     that type (a value out of the type's range included)
   */
  public static <T> T read(byte[] json, Class<T> type) {
    Class<T> target = boxed(type);
    return target.cast(readType(json, target));
  }

  /** {@code int.class} as {@code Integer.class}: a mapped value is always an object. */
  @SuppressWarnings("unchecked") // a primitive's box is the class of exactly its values
  private static <T> Class<T> boxed(Class<T> type) {
    return type.isPrimitive() ? (Class<T>) MethodType.methodType(type).wrap().returnType() : type;
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
    JsonNode tree;
    try {
      tree = STRICT_TREE.readValue(json);
    } catch (IOException | RuntimeException e) {
      throw new ResponseMappingException("cannot read the document: " + firstLine(e), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ResponseMappingException("expected a JSON document but got nothing", null);
    }
    return tree;
  }

  private static Object readType(byte[] json, Type type) {
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    String name = javaType.getRawClass().getSimpleName();
    if (json.length == 0) {
      throw new ResponseMappingException("expected a JSON " + name + " but the body is empty", null);
    }
    Object value;
    try {
      value = MAPPER.readValue(json, javaType);
    } catch (IOException | RuntimeException e) {
      // RuntimeException: what a conversion throws past Jackson, e.g. DateTimeException or
      // NumberFormatException for an Instant of -1e40 or 11e27172646802.
      throw new ResponseMappingException("cannot read the body as " + name + ": " + firstLine(e), e);
    }
    if (value == null) {
      throw new ResponseMappingException("expected a JSON " + name + " but got null", null);
    }
    return value;
  }

  /**
   * Refuses a number in exponent form that does not fit its target, before Jackson converts it:
   * where a java.time value is expected, more than 18 integer digits (beyond a {@code long} the
   * conversion wraps, 1e40 seconds becoming a negative {@code Duration}; beyond 1e63 it reads as
   * zero, 1e999 becoming the epoch); for a {@code BigInteger}, more digits than {@link
   * #MAX_NUMBER} (the 7 bytes {@code 1e99942} would otherwise become a 100,000-digit number); for a
   * {@code double} or {@code float}, a value that would be infinite.
   */
  private static final class NumberRange extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
        JsonDeserializer<?> deserializer) {
      Class<?> type = description.getBeanClass();
      if (type.getName().startsWith("java.time.")) {
        return new InRange(deserializer, type, 18);
      }
      if (type == BigInteger.class) {
        return new InRange(deserializer, type, MAX_NUMBER);
      }
      if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
        return new InRange(deserializer, type, -1);
      }
      return deserializer;
    }
  }

  private static final class InRange extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;
    private final Class<?> type;
    /** Most integer digits, or -1 for "finite as a double or float". */
    private final int maxIntegerDigits;

    InRange(JsonDeserializer<?> delegatee, Class<?> type, int maxIntegerDigits) {
      super(delegatee);
      this.type = type;
      this.maxIntegerDigits = maxIntegerDigits;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegatee) {
      return new InRange(delegatee, type, maxIntegerDigits);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_NUMBER_FLOAT) && !fits(p)) {
        throw InvalidFormatException.from(p, "number out of range for " + type.getSimpleName(), p.getText(), type);
      }
      return super.deserialize(p, ctxt);
    }

    private boolean fits(JsonParser p) throws IOException {
      if (maxIntegerDigits >= 0) {
        BigDecimal v = p.getDecimalValue();
        return v.precision() - v.scale() <= maxIntegerDigits;
      }
      return (type == float.class || type == Float.class)
          ? Float.isFinite(p.getFloatValue())
          : Double.isFinite(p.getDoubleValue());
    }
  }

  private static String firstLine(Exception e) {
    String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
