package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.internal.EdKey;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * A pretix {@code pretix_sig1} secret: standard Base64 (padded) of {@code 0x01 | payload length
 * (u16 BE) | signature length (u16 BE) | payload | signature}, the whole string reversed; the
 * payload is the protobuf message {@code Ticket} (seed = 1 string, item = 2, variation = 3,
 * subevent = 4, validFromUnixTime = 5, validUntilUnixTime = 6, all int64). Lengths are parsed as
 * proper big-endian u16 and must add up to exactly the bytes present. Immutable once decoded.
 */
public final class PretixSecret {
  /** Longest secret accepted, checked before decoding. */
  public static final int MAX_CHARS = 1024;
  /** Longest seed accepted. */
  public static final int MAX_SEED_BYTES = 64;
  /** The largest Unix time accepted for a validity bound (the last second of year 9999). */
  public static final long MAX_UNIX_SECONDS = 253_402_300_799L;

  /** The whole decoded frame. */
  public final byte[] frame;
  /** Offset of the payload in {@link #frame}. */
  public final int payloadOffset;
  /** Length of the payload. */
  public final int payloadLength;
  /** Offset of the 64-byte signature in {@link #frame}. */
  public final int signatureOffset;
  /** The seed (the ticket's unique, opaque id). */
  public final String seed;
  /** Product id. */
  public final long item;
  /** Variation id, 0 = none. */
  public final long variation;
  /** Subevent id, 0 = none. */
  public final long subevent;
  /** Unix seconds, 0 = no lower bound. */
  public final long validFrom;
  /** Unix seconds, 0 = no upper bound. */
  public final long validUntil;

  private PretixSecret(byte[] frame, int payloadLength, String seed, long item, long variation, long subevent,
      long validFrom, long validUntil) {
    this.frame = frame;
    this.payloadOffset = 5;
    this.payloadLength = payloadLength;
    this.signatureOffset = 5 + payloadLength;
    this.seed = seed;
    this.item = item;
    this.variation = variation;
    this.subevent = subevent;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
  }

  /**
   * Decodes a secret (the signature is not checked here).
   *
   * @param secret the scanned text
   * @return the parts, or {@code null} if the text is not a well-formed sig1 secret with an
   *     Ed25519-sized signature and a readable payload
   */
  public static @Nullable PretixSecret decode(String secret) {
    int n = secret.length();
    if (n == 0 || n > MAX_CHARS || n % 4 != 0) {
      return null;
    }
    char[] forward = new char[n];
    for (int i = 0; i < n; i++) {
      char c = secret.charAt(n - 1 - i);
      boolean pad = c == '=';
      if (pad ? i < n - 2 : !isBase64(c)) {
        return null;
      }
      if (!pad && i > 0 && forward[i - 1] == '=') {
        return null;
      }
      forward[i] = c;
    }
    byte[] b;
    try {
      b = Base64.getDecoder().decode(new String(forward));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (b.length < 5 || b[0] != 1) {
      return null;
    }
    int payload = (b[1] & 0xff) << 8 | (b[2] & 0xff);
    int sig = (b[3] & 0xff) << 8 | (b[4] & 0xff);
    if (sig != EdKey.SIGNATURE_SIZE || b.length != 5 + payload + sig) {
      return null;
    }
    return payload(b, payload);
  }

  private static @Nullable PretixSecret payload(byte[] b, int length) {
    ProtoReader r = new ProtoReader(b, 5, length);
    String seed = null;
    long item = 0;
    long variation = 0;
    long subevent = 0;
    long from = 0;
    long until = 0;
    while (r.more()) {
      long key = r.key();
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (r.failed()) {
        return null;
      }
      if (field == 1) {
        seed = wire == ProtoReader.LENGTH_DELIMITED ? r.string(MAX_SEED_BYTES) : null;
        if (seed == null) {
          return null;
        }
      } else if (field >= 2 && field <= 6) {
        if (wire != ProtoReader.VARINT) {
          return null;
        }
        long v = r.varint();
        switch (field) {
          case 2 -> item = v;
          case 3 -> variation = v;
          case 4 -> subevent = v;
          case 5 -> from = v;
          default -> until = v;
        }
      } else {
        r.skip(wire);
      }
    }
    if (r.failed() || seed == null || !Tokens.isToken(seed, 1, Tokens.MAX) || !inRange(from) || !inRange(until)
        || (from != 0 && until != 0 && until <= from)) {
      return null;
    }
    return new PretixSecret(b, length, seed, item, variation, subevent, from, until);
  }

  private static boolean inRange(long unixSeconds) {
    return unixSeconds >= 0 && unixSeconds <= MAX_UNIX_SECONDS;
  }

  private static boolean isBase64(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
  }
}
