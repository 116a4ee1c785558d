package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.internal.EdKey;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The binary ticket frame, version 1. Every length is checked against the bytes actually present
 * before anything is read or allocated; a frame is accepted only if it is exactly as long as its
 * header says.
 *
 * <pre>
 * offset  size  field
 * 0       1     version = 0x01
 * 1       8     key id (first 8 bytes of SHA-256 of the signer's public key)
 * 9       1     payload length n (16..255)
 * 10      n     payload:
 *                 flags       u8   bit 0: a rotating code is required; bits 1-7 zero
 *                 validFrom   u32  Unix seconds, 0 = no lower bound
 *                 validUntil  u32  Unix seconds, 0 = no upper bound (after validFrom)
 *                 entries     u16  entries allowed, 1..65535
 *                 event       u8 length (1..64) + token characters
 *                 ticket      u8 length (1..64) + token characters
 *                 zone        u8 length (0..32) + token characters, empty = every zone
 *                 tier        u8 length (0..32) + token characters, empty = none
 * 10+n    64    Ed25519 signature over bytes [0, 10+n)
 * </pre>
 *
 * Immutable once decoded.
 */
public final class TicketFrame {
  /** The version byte. */
  public static final int VERSION = 1;
  /** Bytes before the payload. */
  public static final int HEADER = 10;
  /** Fewest payload bytes. */
  public static final int MIN_PAYLOAD = 16;
  /** Most payload bytes. */
  public static final int MAX_PAYLOAD = 255;
  /** The longest frame. */
  public static final int MAX_FRAME = HEADER + MAX_PAYLOAD + EdKey.SIGNATURE_SIZE;
  /** Flag: a rotating code must accompany the ticket. */
  public static final int FLAG_ROTATING = 1;
  /** Longest zone and tier. */
  public static final int MAX_LABEL = 32;

  /** The signed frame as decoded. */
  public final byte[] bytes;
  /** Key id of the signer. */
  public final long keyId;
  /** Bytes covered by the signature ([0, signedLength)); the signature follows. */
  public final int signedLength;
  /** Flags. */
  public final int flags;
  /** Unix seconds or 0. */
  public final long validFrom;
  /** Unix seconds or 0. */
  public final long validUntil;
  /** Entries allowed. */
  public final int entries;
  /** Event id. */
  public final String event;
  /** Ticket id. */
  public final String ticket;
  /** Zone, may be empty. */
  public final String zone;
  /** Tier, may be empty. */
  public final String tier;

  private TicketFrame(byte[] bytes, long keyId, int signedLength, int flags, long validFrom, long validUntil,
      int entries, String event, String ticket, String zone, String tier) {
    this.bytes = bytes;
    this.keyId = keyId;
    this.signedLength = signedLength;
    this.flags = flags;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.entries = entries;
    this.event = event;
    this.ticket = ticket;
    this.zone = zone;
    this.tier = tier;
  }

  /**
   * Writes the signed part (header and payload) of a frame; the caller appends the signature.
   * The values must already be valid (the public {@code Ticket} builder checks them).
   *
   * @param keyId the signer's key id
   * @param flags flags
   * @param validFrom Unix seconds or 0
   * @param validUntil Unix seconds or 0
   * @param entries 1..65535
   * @param event event token
   * @param ticket ticket token
   * @param zone zone token or empty
   * @param tier tier token or empty
   * @return header and payload, with room for nothing else
   */
  public static byte[] signedPart(long keyId, int flags, long validFrom, long validUntil, int entries, String event,
      String ticket, String zone, String tier) {
    byte[][] strings = {ascii(event), ascii(ticket), ascii(zone), ascii(tier)};
    int payload = 1 + 4 + 4 + 2;
    for (byte[] s : strings) {
      payload += 1 + s.length;
    }
    if (payload > MAX_PAYLOAD) {
      throw new IllegalStateException("payload of " + payload + " bytes exceeds " + MAX_PAYLOAD);
    }
    byte[] out = new byte[HEADER + payload];
    int o = 0;
    out[o++] = VERSION;
    o = putLong(out, o, keyId, 8);
    out[o++] = (byte) payload;
    out[o++] = (byte) flags;
    o = putLong(out, o, validFrom, 4);
    o = putLong(out, o, validUntil, 4);
    o = putLong(out, o, entries, 2);
    for (byte[] s : strings) {
      out[o++] = (byte) s.length;
      System.arraycopy(s, 0, out, o, s.length);
      o += s.length;
    }
    return out;
  }

  /**
   * Decodes a frame.
   *
   * @param b the bytes (kept, not copied)
   * @return the frame, or {@code null} if the bytes are not a well-formed version 1 frame
   */
  public static @Nullable TicketFrame decode(byte[] b) {
    if (b.length < HEADER + MIN_PAYLOAD + EdKey.SIGNATURE_SIZE || b.length > MAX_FRAME || b[0] != VERSION) {
      return null;
    }
    int payload = b[9] & 0xff;
    if (payload < MIN_PAYLOAD || b.length != HEADER + payload + EdKey.SIGNATURE_SIZE) {
      return null;
    }
    int end = HEADER + payload;
    int p = HEADER;
    int flags = b[p++] & 0xff;
    if ((flags & ~FLAG_ROTATING) != 0) {
      return null;
    }
    long from = getLong(b, p, 4);
    long until = getLong(b, p + 4, 4);
    int entries = (int) getLong(b, p + 8, 2);
    p += 10;
    if (entries == 0 || (from != 0 && until != 0 && until <= from)) {
      return null;
    }
    String[] strings = new String[4];
    int[] min = {1, 1, 0, 0};
    int[] max = {Tokens.MAX, Tokens.MAX, MAX_LABEL, MAX_LABEL};
    for (int i = 0; i < 4; i++) {
      if (p >= end) {
        return null;
      }
      int len = b[p++] & 0xff;
      if (len < min[i] || len > max[i] || len > end - p || !Tokens.isToken(b, p, len)) {
        return null;
      }
      strings[i] = new String(b, p, len, StandardCharsets.US_ASCII);
      p += len;
    }
    if (p != end) {
      return null;
    }
    return new TicketFrame(b, getLong(b, 1, 8), end, flags, from, until, entries, strings[0], strings[1],
        strings[2], strings[3]);
  }

  /**
   * Whether a rotating code must accompany this ticket.
   *
   * @return the flag
   */
  public boolean rotating() {
    return (flags & FLAG_ROTATING) != 0;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static int putLong(byte[] out, int o, long v, int size) {
    for (int i = size - 1; i >= 0; i--) {
      out[o++] = (byte) (v >>> (8 * i));
    }
    return o;
  }

  private static long getLong(byte[] b, int p, int size) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      v = v << 8 | (b[p + i] & 0xff);
    }
    return v;
  }
}
