package dev.microevent.matter.internal;

import dev.microevent.matter.InvalidPayloadException;
import dev.microevent.matter.MalformedPayloadException;
import dev.microevent.matter.PayloadProblem;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The optional TLV data of a QR payload: one anonymous Matter-TLV structure of context-tagged
 * elements (tags 0x00-0x04 defined by the specification, 0x05-0x7F reserved, 0x80-0xFF vendor
 * specific). Reads strictly (a producer's rules: every problem is an error) or leniently (a
 * scanner's: elements it does not understand are skipped, and data that is no TLV structure at
 * all is kept opaque). Thread-safe (stateless).
 */
public final class OnboardingTlv {
  /** Tag of the serial number (UTF-8 string or unsigned integer). */
  public static final int SERIAL_NUMBER = 0x00;
  /** Tag of the PBKDF iteration count. */
  public static final int PBKDF_ITERATIONS = 0x01;
  /** Tag of the PBKDF salt. */
  public static final int PBKDF_SALT = 0x02;
  /** Tag of the number of devices the payload onboards. */
  public static final int NUMBER_OF_DEVICES = 0x03;
  /** Tag of the commissioning timeout, seconds. */
  public static final int COMMISSIONING_TIMEOUT = 0x04;
  /** First vendor-specific tag. */
  public static final int FIRST_VENDOR_TAG = 0x80;
  /** Longest serial number, in UTF-8 bytes. */
  public static final int MAX_SERIAL_NUMBER_BYTES = 32;
  /**
   * Most TLV bytes one payload can carry: a payload is at most 255 Base38 characters (153 bytes),
   * 11 of them the fixed fields.
   */
  public static final int MAX_BYTES = 153 - QrBits.FIXED_BYTES;

  private static final int END_OF_CONTAINER = 0x18;
  private static final int MAX_DEPTH = 8;

  /** What an element holds. */
  public enum Kind {
    /** A signed integer. */
    SIGNED,
    /** An unsigned integer (64 bits, read unsigned). */
    UNSIGNED,
    /** A UTF-8 string. */
    UTF8,
    /** A byte string. */
    BYTES
  }

  /**
   * One top-level element.
   *
   * @param tag the context tag, 0..255
   * @param kind what it holds
   * @param number the integer (SIGNED, UNSIGNED), else 0
   * @param text the string (UTF8), else empty
   * @param bytes the bytes (BYTES), else empty
   */
  @SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
  public record Element(int tag, Kind kind, long number, String text, byte[] bytes) {
    /**
     * Copies the bytes.
     *
     * @param tag the context tag, 0..255
     * @param kind what it holds
     * @param number the integer (SIGNED, UNSIGNED), else 0
     * @param text the string (UTF8), else empty
     * @param bytes the bytes (BYTES), else empty
     */
    public Element {
      bytes = bytes.clone();
    }

    /**
     * A UTF-8 string element.
     *
     * @param tag the tag
     * @param text the string
     * @return the element
     */
    public static Element utf8(int tag, String text) {
      return new Element(tag, Kind.UTF8, 0, text, new byte[0]);
    }

    /**
     * An unsigned integer element.
     *
     * @param tag the tag
     * @param value the value, unsigned
     * @return the element
     */
    public static Element unsigned(int tag, long value) {
      return new Element(tag, Kind.UNSIGNED, value, "", new byte[0]);
    }

    /** {@return a copy of the bytes (BYTES), else empty} */
    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** {@return the value as text: the string, the integer in decimal (unsigned when UNSIGNED), or the bytes in hex} */
    public String asText() {
      return switch (kind) {
        case UTF8 -> text;
        case UNSIGNED -> Long.toUnsignedString(number);
        case SIGNED -> Long.toString(number);
        case BYTES -> java.util.HexFormat.of().formatHex(bytes);
      };
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Element e && tag == e.tag && kind == e.kind && number == e.number && text.equals(e.text)
          && Arrays.equals(bytes, e.bytes);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tag, kind, number, text, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "0x%02X=%s", tag, kind == Kind.UTF8 ? '"' + text + '"' : asText());
    }
  }

  /**
   * What a read found.
   *
   * @param elements the top-level elements understood, in their order
   * @param opaque whether the bytes were kept without being understood (lenient read of data
   *     that is no TLV structure)
   */
  public record Contents(List<Element> elements, boolean opaque) {
    /**
     * Copies the list.
     *
     * @param elements the top-level elements understood, in their order
     * @param opaque whether the bytes were kept without being understood (lenient read of data
     *     that is no TLV structure)
     */
    public Contents {
      elements = List.copyOf(elements);
    }

    /**
     * The element with a tag.
     *
     * @param tag the tag
     * @return the element, or null
     */
    public @Nullable Element get(int tag) {
      for (Element e : elements) {
        if (e.tag() == tag) {
          return e;
        }
      }
      return null;
    }
  }

  private OnboardingTlv() {}

  /**
   * Reads TLV data.
   *
   * @param data the bytes after the fixed 11 (empty: no elements)
   * @param strict producer rules (throw on every problem) or scanner rules (skip, keep opaque)
   * @param what what is being read, for messages
   * @return the elements
   * @throws MalformedPayloadException (strict) if the bytes are no TLV structure or too many
   * @throws InvalidPayloadException (strict) if an element breaks an onboarding rule
   */
  public static Contents read(byte[] data, boolean strict, String what) {
    if (data.length > MAX_BYTES) {
      throw new MalformedPayloadException(PayloadProblem.TOO_LONG, what + ": " + data.length
          + " bytes of TLV data, more than the " + MAX_BYTES + " a payload can carry", MAX_BYTES);
    }
    if (data.length == 0) {
      return new Contents(List.of(), false);
    }
    try {
      return new Reader(data, strict, what).structure();
    } catch (MalformedPayloadException e) {
      if (strict) {
        throw e;
      }
      return new Contents(List.of(), true);
    }
  }

  /**
   * Writes elements as one anonymous structure, each integer in its smallest width.
   *
   * @param elements the elements, in order
   * @return the bytes (empty when there are no elements)
   */
  public static byte[] write(List<Element> elements) {
    if (elements.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x15);
    for (Element e : elements) {
      switch (e.kind()) {
        case UTF8 -> lengthPrefixed(out, 0x0C, e.tag(), e.text().getBytes(StandardCharsets.UTF_8));
        case BYTES -> lengthPrefixed(out, 0x10, e.tag(), e.bytes());
        case UNSIGNED -> integer(out, 0x04, e.tag(), e.number(), unsignedWidth(e.number()));
        case SIGNED -> integer(out, 0x00, e.tag(), e.number(), signedWidth(e.number()));
      }
    }
    out.write(END_OF_CONTAINER);
    return out.toByteArray();
  }

  private static void lengthPrefixed(ByteArrayOutputStream out, int type, int tag, byte[] value) {
    int width = value.length <= 0xFF ? 1 : 2;
    out.write(0x20 | type | (width == 1 ? 0 : 1));
    out.write(tag);
    little(out, value.length, width);
    out.writeBytes(value);
  }

  private static void integer(ByteArrayOutputStream out, int type, int tag, long value, int width) {
    out.write(0x20 | type | Integer.numberOfTrailingZeros(width));
    out.write(tag);
    little(out, value, width);
  }

  private static void little(ByteArrayOutputStream out, long value, int width) {
    for (int i = 0; i < width; i++) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }

  private static int unsignedWidth(long v) {
    if ((v & ~0xFFL) == 0) {
      return 1;
    }
    if ((v & ~0xFFFFL) == 0) {
      return 2;
    }
    return (v & ~0xFFFF_FFFFL) == 0 ? 4 : 8;
  }

  private static int signedWidth(long v) {
    if (v == (byte) v) {
      return 1;
    }
    if (v == (short) v) {
      return 2;
    }
    return v == (int) v ? 4 : 8;
  }

  /** One pass over the bytes; positions in messages are byte indexes of the TLV data. */
  private static final class Reader {
    private final byte[] data;
    private final boolean strict;
    private final String what;
    private int pos;

    Reader(byte[] data, boolean strict, String what) {
      this.data = data;
      this.strict = strict;
      this.what = what + ": TLV data";
    }

    Contents structure() {
      if ((data[0] & 0xFF) != 0x15) {
        throw malformed("must be one anonymous TLV structure (first byte 0x15), got "
            + String.format(Locale.ROOT, "0x%02X", data[0] & 0xFF), 0);
      }
      pos = 1;
      List<Element> elements = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      while (true) {
        int at = pos;
        int control = u8();
        int tagControl = control >>> 5;
        int type = control & 0x1F;
        if (type == END_OF_CONTAINER) {
          if (tagControl != 0) {
            throw malformed("an end-of-container marker carries a tag", at);
          }
          break;
        }
        long tag = tag(tagControl, at);
        Element element = value(type, tagControl == 1 ? (int) tag : -1, at, 1);
        if (element == null) {
          continue; // skipped (lenient) or a rule broken and reported (strict never gets here)
        }
        if (!seen.add(element.tag())) {
          if (strict) {
            throw invalid(String.format(Locale.ROOT, "tag 0x%02X appears twice (byte %d)", element.tag(), at));
          }
          continue;
        }
        elements.add(element);
      }
      if (pos != data.length) {
        throw malformed((data.length - pos) + " bytes follow the end of the structure", pos);
      }
      if (strict && (elementOf(elements, PBKDF_ITERATIONS) == null) != (elementOf(elements, PBKDF_SALT) == null)) {
        throw invalid("the PBKDF iteration count (tag 0x01) and salt (tag 0x02) must come together");
      }
      return new Contents(elements, false);
    }

    /**
     * Reads one element's value after its tag. Returns the element if it is a top-level element
     * of the onboarding rules, null when skipped (lenient) or nested.
     */
    private @Nullable Element value(int type, int contextTag, int at, int depth) {
      switch (type) {
        case 0x00, 0x01, 0x02, 0x03 -> {
          long v = signed(1 << type);
          return element(contextTag, at, Kind.SIGNED, v, "", null, depth);
        }
        case 0x04, 0x05, 0x06, 0x07 -> {
          long v = unsigned(1 << (type - 4));
          return element(contextTag, at, Kind.UNSIGNED, v, "", null, depth);
        }
        case 0x08, 0x09, 0x14 -> {
          return unsupported(contextTag, at, depth, type == 0x14 ? "a null" : "a boolean");
        }
        case 0x0A, 0x0B -> {
          skip(type == 0x0A ? 4 : 8, at);
          return unsupported(contextTag, at, depth, "a floating-point number");
        }
        case 0x0C, 0x0D, 0x0E, 0x0F -> {
          byte[] raw = lengthPrefixed(1 << (type - 0x0C), at);
          String text;
          try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
          } catch (CharacterCodingException e) {
            return unsupported(contextTag, at, depth, "a string that is not valid UTF-8");
          }
          return element(contextTag, at, Kind.UTF8, 0, text, raw, depth);
        }
        case 0x10, 0x11, 0x12, 0x13 -> {
          byte[] raw = lengthPrefixed(1 << (type - 0x10), at);
          return element(contextTag, at, Kind.BYTES, 0, "", raw, depth);
        }
        case 0x15, 0x16, 0x17 -> {
          container(at, depth);
          return unsupported(contextTag, at, depth, "a nested container");
        }
        default -> throw malformed(String.format(Locale.ROOT, "element type 0x%02X is reserved", type), at);
      }
    }

    private void container(int at, int depth) {
      if (depth >= MAX_DEPTH) {
        throw malformed("containers nest deeper than " + MAX_DEPTH, at);
      }
      while (true) {
        int inner = pos;
        int control = u8();
        int type = control & 0x1F;
        if (type == END_OF_CONTAINER) {
          if (control >>> 5 != 0) {
            throw malformed("an end-of-container marker carries a tag", inner);
          }
          return;
        }
        tag(control >>> 5, inner);
        value(type, -1, inner, depth + 1);
      }
    }

    /** A scalar that onboarding data never holds: strict refuses it, lenient skips it. */
    private @Nullable Element unsupported(int contextTag, int at, int depth, String what) {
      if (strict && depth == 1) {
        throw invalid(describe(contextTag) + " (byte " + at + ") holds " + what
            + "; onboarding elements are integers, UTF-8 strings or byte strings");
      }
      return null;
    }

    private @Nullable Element element(int contextTag, int at, Kind kind, long number, String text,
        byte @Nullable [] raw, int depth) {
      if (depth > 1) {
        return null;
      }
      if (contextTag < 0) {
        if (strict) {
          throw invalid("the element at byte " + at + " does not use a context tag, as every top-level element must");
        }
        return null;
      }
      Element e = new Element(contextTag, kind, number, text, kind == Kind.BYTES && raw != null ? raw : new byte[0]);
      String problem = ruleBroken(e, raw == null ? 0 : raw.length);
      if (problem != null) {
        if (strict) {
          throw invalid(describe(contextTag) + " (byte " + at + ") " + problem);
        }
        return null;
      }
      return e;
    }

    private long tag(int tagControl, int at) {
      int width = switch (tagControl) {
        case 0 -> 0;
        case 1 -> 1;
        case 2, 4 -> 2;
        case 3, 5 -> 4;
        case 6 -> 6;
        default -> 8;
      };
      need(width, at);
      long tag = 0;
      for (int i = 0; i < width; i++) {
        tag |= (long) (data[pos + i] & 0xFF) << (8 * i);
      }
      pos += width;
      return tag;
    }

    private byte[] lengthPrefixed(int lengthWidth, int at) {
      long length = unsigned(lengthWidth);
      if (length < 0 || length > data.length - pos) {
        throw malformed("the element at byte " + at + " claims " + Long.toUnsignedString(length)
            + " bytes but only " + (data.length - pos) + " remain", at);
      }
      byte[] out = Arrays.copyOfRange(data, pos, pos + (int) length);
      pos += (int) length;
      return out;
    }

    private void skip(int n, int at) {
      need(n, at);
      pos += n;
    }

    private long unsigned(int width) {
      need(width, pos);
      long v = 0;
      for (int i = 0; i < width; i++) {
        v |= (long) (data[pos + i] & 0xFF) << (8 * i);
      }
      pos += width;
      return v;
    }

    private long signed(int width) {
      long v = unsigned(width);
      int shift = 64 - 8 * width;
      return v << shift >> shift;
    }

    private int u8() {
      need(1, pos);
      return data[pos++] & 0xFF;
    }

    private void need(int n, int at) {
      if (data.length - pos < n) {
        throw malformed("ends inside the element at byte " + at + " (the structure is cut off or has no end marker)",
            at);
      }
    }

    private MalformedPayloadException malformed(String problem, int at) {
      return new MalformedPayloadException(PayloadProblem.MALFORMED_TLV, what + " " + problem, at);
    }

    private InvalidPayloadException invalid(String problem) {
      return new InvalidPayloadException(PayloadProblem.INVALID_EXTENSION_DATA, what + ": " + problem);
    }
  }

  private static @Nullable Element elementOf(List<Element> elements, int tag) {
    for (Element e : elements) {
      if (e.tag() == tag) {
        return e;
      }
    }
    return null;
  }

  private static String describe(int tag) {
    return tag < 0 ? "an element" : String.format(Locale.ROOT, "tag 0x%02X", tag);
  }

  /** The onboarding rule an element breaks, or null. */
  private static @Nullable String ruleBroken(Element e, int rawLength) {
    int tag = e.tag();
    boolean unsigned = e.kind() == Kind.UNSIGNED;
    return switch (tag) {
      case SERIAL_NUMBER -> e.kind() == Kind.UTF8 ? (rawLength > MAX_SERIAL_NUMBER_BYTES
          ? "is a serial number of " + rawLength + " bytes, more than " + MAX_SERIAL_NUMBER_BYTES : null)
          : unsigned ? null : "must be the serial number, a UTF-8 string or an unsigned integer";
      case PBKDF_ITERATIONS -> unsigned && e.number() >= 1000 && e.number() <= 100_000 ? null
          : "must be the PBKDF iteration count, an unsigned integer within 1000..100000";
      case PBKDF_SALT -> e.kind() == Kind.BYTES && rawLength >= 16 && rawLength <= 32 ? null
          : "must be the PBKDF salt, a byte string of 16..32 bytes";
      case NUMBER_OF_DEVICES -> unsigned && e.number() >= 1 && e.number() <= 255 ? null
          : "must be the number of devices, an unsigned integer within 1..255";
      case COMMISSIONING_TIMEOUT -> unsigned && e.number() >= 0 && e.number() <= 0xFFFF ? null
          : "must be the commissioning timeout, an unsigned integer of seconds within 0..65535";
      default -> tag < FIRST_VENDOR_TAG ? "is reserved by the specification (vendor tags are 0x80..0xFF)"
          : e.kind() == Kind.BYTES ? "holds a byte string; vendor elements are integers or UTF-8 strings" : null;
    };
  }
}
