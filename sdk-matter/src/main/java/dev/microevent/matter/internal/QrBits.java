package dev.microevent.matter.internal;

import dev.microevent.matter.MalformedPayloadException;
import dev.microevent.matter.PayloadProblem;
import java.util.Arrays;

/**
 * The 88-bit QR payload: fields placed from the least significant bit up (version 3, vendor 16,
 * product 16, flow 2, discovery capabilities 8, discriminator 12, passcode 27, padding 4),
 * serialised little-endian into 11 bytes, optional TLV bytes after them. No rule is checked
 * here beyond the layout itself. Thread-safe (stateless).
 */
public final class QrBits {
  /** Bytes of the fixed part. */
  public static final int FIXED_BYTES = 11;

  private static final int[] WIDTHS = {3, 16, 16, 2, 8, 12, 27, 4};

  private QrBits() {}

  /**
   * Packs fields (their low bits; the caller has checked ranges) and appends the TLV bytes.
   *
   * @param p the fields; {@code capabilities} must not be -1
   * @return 11 bytes plus the TLV bytes
   */
  public static byte[] pack(RawPayload p) {
    byte[] tlv = p.tlv();
    byte[] out = Arrays.copyOf(new byte[FIXED_BYTES], FIXED_BYTES + tlv.length);
    long[] values = {p.version(), p.vendorId(), p.productId(), p.flow(), p.capabilities(), p.discriminator(),
        p.passcode(), 0};
    int offset = 0;
    for (int f = 0; f < WIDTHS.length; f++) {
      for (int b = 0; b < WIDTHS[f]; b++, offset++) {
        if ((values[f] >>> b & 1) != 0) {
          out[offset / 8] |= (byte) (1 << (offset % 8));
        }
      }
    }
    System.arraycopy(tlv, 0, out, FIXED_BYTES, tlv.length);
    return out;
  }

  /**
   * Unpacks decoded bytes.
   *
   * @param bytes 11 bytes or more
   * @param what what is being read, for messages
   * @return the fields
   * @throws MalformedPayloadException if there are fewer than 11 bytes or the padding is not 0
   */
  public static RawPayload unpack(byte[] bytes, String what) {
    if (bytes.length < FIXED_BYTES) {
      throw new MalformedPayloadException(PayloadProblem.INVALID_LENGTH, what + " holds " + bytes.length
          + " bytes, fewer than the 11 every payload has (" + Base38.encodedLength(FIXED_BYTES)
          + " characters after MT:): the code is cut off, rescan it", -1);
    }
    long[] values = new long[WIDTHS.length];
    int offset = 0;
    for (int f = 0; f < WIDTHS.length; f++) {
      for (int b = 0; b < WIDTHS[f]; b++, offset++) {
        if ((bytes[offset / 8] >>> (offset % 8) & 1) != 0) {
          values[f] |= 1L << b;
        }
      }
    }
    if (values[7] != 0) {
      throw new MalformedPayloadException(PayloadProblem.NON_ZERO_PADDING, what
          + ": the 4 padding bits after the passcode are not 0; this is not a payload any generator writes", -1);
    }
    return new RawPayload((int) values[0], (int) values[1], (int) values[2], (int) values[3], (int) values[4],
        (int) values[5], false, (int) values[6], true, Arrays.copyOfRange(bytes, FIXED_BYTES, bytes.length));
  }
}
