package dev.microevent.commerce.tickets.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Just enough of the protobuf wire format to read a flat proto3 message: varints (at most 10
 * bytes), length-delimited fields bounded by the bytes left, unknown fields skipped by wire type,
 * groups refused. Never throws for bad bytes: it sets {@link #failed()} and reads nothing more.
 * Not thread-safe: one reader per message.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] b;
  private final int end;
  private int pos;
  private boolean failed;

  ProtoReader(byte[] b, int off, int len) {
    this.b = b;
    this.pos = off;
    this.end = off + len;
  }

  boolean failed() {
    return failed;
  }

  boolean more() {
    return !failed && pos < end;
  }

  /** The next field's key (field number << 3 | wire type), or -1 after a failure. */
  long key() {
    long key = varint();
    if (!failed && (key >>> 3 == 0 || key >>> 3 > 0x1fffffffL)) {
      return fail();
    }
    return failed ? -1 : key;
  }

  long varint() {
    long v = 0;
    for (int i = 0; i < 10; i++) {
      if (pos >= end) {
        return fail();
      }
      int x = b[pos++] & 0xff;
      if (i == 9 && x > 1) {
        return fail();
      }
      v |= (long) (x & 0x7f) << (7 * i);
      if (x < 0x80) {
        return v;
      }
    }
    return fail();
  }

  /** A length-delimited field as strict UTF-8, or {@code null} after a failure. */
  @Nullable String string(int maxBytes) {
    long len = varint();
    if (failed || len < 0 || len > maxBytes || len > end - pos) {
      fail();
      return null;
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, pos, (int) len))
          .toString();
      pos += (int) len;
      return s;
    } catch (CharacterCodingException e) {
      fail();
      return null;
    }
  }

  /** Skips a field of the given wire type. */
  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case FIXED32 -> advance(4);
      case LENGTH_DELIMITED -> {
        long len = varint();
        if (!failed) {
          if (len < 0 || len > end - pos) {
            fail();
          } else {
            advance((int) len);
          }
        }
      }
      default -> fail();
    }
  }

  private void advance(int n) {
    if (n > end - pos) {
      fail();
    } else {
      pos += n;
    }
  }

  long fail() {
    failed = true;
    return -1;
  }
}
