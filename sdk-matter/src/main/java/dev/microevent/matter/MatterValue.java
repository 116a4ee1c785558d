package dev.microevent.matter;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A value as the Matter Server writes it in JSON: an attribute's value, a command's payload or
 * response, an event's data. Matter structs arrive as objects keyed by field id ({@code {"0": 14,
 * "1": 1}}), byte strings as base64 text, Matter null as {@link Kind#NULL}. Integers are exact
 * whatever their size (Matter has unsigned 64-bit integers).
 *
 * <pre>{@code
 * MatterValue on = node.attribute(AttributePath.onOff(1)).orElseThrow();
 * boolean isOn = on.asBoolean().orElse(false);
 * client.writeAttribute(node.id(), AttributePath.of(1, 6, 0x4001), MatterValue.of(30));
 * }</pre>
 *
 * <p>The accessors never throw for a value of another kind: they return empty. Immutable and
 * thread-safe.
 */
public final class MatterValue {
  /** What a value is. */
  public enum Kind {
    /** Matter null (or JSON null). */
    NULL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** An integer of any size. */
    INTEGER,
    /** A number with a fraction or an exponent. */
    DECIMAL,
    /** Text (also base64 byte strings). */
    STRING,
    /** A list. */
    LIST,
    /** An object: a Matter struct keyed by field id, or a map keyed by name. */
    OBJECT
  }

  private static final MatterValue NULL = new MatterValue(Kind.NULL, null);
  private static final MatterValue TRUE = new MatterValue(Kind.BOOLEAN, true);
  private static final MatterValue FALSE = new MatterValue(Kind.BOOLEAN, false);

  private final Kind kind;
  private final @Nullable Object value;

  private MatterValue(Kind kind, @Nullable Object value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * Matter null.
   *
   * @return the Matter null value
   */
  public static MatterValue ofNull() {
    return NULL;
  }

  /**
   * A boolean.
   *
   * @param value the value
   * @return the value
   */
  public static MatterValue of(boolean value) {
    return value ? TRUE : FALSE;
  }

  /**
   * An integer.
   *
   * @param value the value
   * @return the value
   */
  public static MatterValue of(long value) {
    return new MatterValue(Kind.INTEGER, BigInteger.valueOf(value));
  }

  /**
   * An integer of any size, e.g. an unsigned 64-bit one.
   *
   * @param value the value
   * @return the value
   */
  public static MatterValue of(BigInteger value) {
    return new MatterValue(Kind.INTEGER, Objects.requireNonNull(value, "value"));
  }

  /**
   * A decimal number.
   *
   * @param value a finite number
   * @return the value
   * @throws IllegalArgumentException if it is NaN or infinite (JSON has neither)
   */
  public static MatterValue of(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a Matter value must be a finite number, got " + value);
    }
    return new MatterValue(Kind.DECIMAL, value);
  }

  /**
   * Text.
   *
   * @param value the text
   * @return the value
   */
  public static MatterValue of(String value) {
    return new MatterValue(Kind.STRING, Objects.requireNonNull(value, "value"));
  }

  /**
   * A list.
   *
   * @param values the elements, in order
   * @return the value
   */
  public static MatterValue ofList(List<MatterValue> values) {
    List<MatterValue> copy = new ArrayList<>(values.size());
    for (MatterValue v : values) {
      copy.add(Objects.requireNonNull(v, "list element"));
    }
    return new MatterValue(Kind.LIST, Collections.unmodifiableList(copy));
  }

  /**
   * An object (a struct keyed by field id as text, or a command payload keyed by field name).
   *
   * @param members the members, in order
   * @return the value
   */
  public static MatterValue ofObject(Map<String, MatterValue> members) {
    Map<String, MatterValue> copy = new LinkedHashMap<>();
    members.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "member name"), Objects.requireNonNull(v, k)));
    return new MatterValue(Kind.OBJECT, Collections.unmodifiableMap(copy));
  }

  /** {@return what this value is} */
  public Kind kind() {
    return kind;
  }

  /** {@return whether this is Matter null} */
  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** {@return the boolean, if this is one} */
  public Optional<Boolean> asBoolean() {
    return kind == Kind.BOOLEAN ? Optional.of((Boolean) Objects.requireNonNull(value)) : Optional.empty();
  }

  /** {@return the integer, if this is one of any size} */
  public Optional<BigInteger> asBigInteger() {
    return kind == Kind.INTEGER ? Optional.of((BigInteger) Objects.requireNonNull(value)) : Optional.empty();
  }

  /** {@return the integer, if this is one that fits a signed {@code long}} */
  public OptionalLong asLong() {
    if (kind != Kind.INTEGER) {
      return OptionalLong.empty();
    }
    BigInteger b = (BigInteger) Objects.requireNonNull(value);
    return b.bitLength() < 64 ? OptionalLong.of(b.longValue()) : OptionalLong.empty();
  }

  /** {@return the number as a {@code double}, if this is an integer or a decimal} */
  public OptionalDouble asDouble() {
    if (kind == Kind.DECIMAL) {
      return OptionalDouble.of((Double) Objects.requireNonNull(value));
    }
    if (kind == Kind.INTEGER) {
      return OptionalDouble.of(((BigInteger) Objects.requireNonNull(value)).doubleValue());
    }
    return OptionalDouble.empty();
  }

  /** {@return the text, if this is text} */
  public Optional<String> asString() {
    return kind == Kind.STRING ? Optional.of((String) Objects.requireNonNull(value)) : Optional.empty();
  }

  /** {@return the elements, if this is a list; unmodifiable} */
  @SuppressWarnings("unchecked")
  public Optional<List<MatterValue>> asList() {
    return kind == Kind.LIST ? Optional.of((List<MatterValue>) Objects.requireNonNull(value)) : Optional.empty();
  }

  /** {@return the members, if this is an object; unmodifiable, in the order received} */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, MatterValue>> asObject() {
    return kind == Kind.OBJECT ? Optional.of((Map<String, MatterValue>) Objects.requireNonNull(value))
        : Optional.empty();
  }

  /**
   * A member of an object: a struct field by id ({@code "0"}) or a named member.
   *
   * @param name the member's key
   * @return the member, if this is an object that has it
   */
  public Optional<MatterValue> member(String name) {
    if (kind != Kind.OBJECT) {
      return Optional.empty();
    }
    return Optional.ofNullable(asObject().orElseThrow().get(name));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatterValue v && kind == v.kind && Objects.equals(value, v.value);
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + Objects.hashCode(value);
  }

  /** JSON-like text, for logs. */
  @Override
  public String toString() {
    return switch (kind) {
      case NULL -> "null";
      case STRING -> '"' + (String) Objects.requireNonNull(value) + '"';
      default -> String.valueOf(value);
    };
  }
}
