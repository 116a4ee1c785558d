package dev.microevent.matter.internal;

import dev.microevent.matter.InvalidPayloadException;
import dev.microevent.matter.MalformedPayloadException;
import dev.microevent.matter.PayloadProblem;

/**
 * The manual pairing code's digit layout: a leading digit (version bit, vendor/product flag, top
 * 2 bits of the short discriminator), 5 digits (its low 2 bits and passcode bits 0-13), 4 digits
 * (passcode bits 14-26), then vendor and product as 5 digits each in the 21-digit form, then a
 * Verhoeff check digit. Thread-safe (stateless).
 */
public final class ManualDigits {
  /** Digits of the short form, check digit included. */
  public static final int SHORT_LENGTH = 11;
  /** Digits of the long form (vendor and product included), check digit included. */
  public static final int LONG_LENGTH = 21;

  private ManualDigits() {}

  /**
   * Writes the digits (with the check digit) from fields whose ranges the caller has checked.
   *
   * @param p the fields; the discriminator may be long (it is shortened)
   * @return 11 or 21 digits
   */
  public static String encode(RawPayload p) {
    int shortDiscriminator = p.shortDiscriminator() ? p.discriminator() : p.discriminator() >> 8;
    StringBuilder sb = new StringBuilder(LONG_LENGTH);
    sb.append((p.version() & 1) << 3 | (p.vendorAndProduct() ? 1 << 2 : 0) | shortDiscriminator >> 2);
    pad(sb, (shortDiscriminator & 0x3) << 14 | (p.passcode() & 0x3FFF), 5);
    pad(sb, p.passcode() >>> 14, 4);
    if (p.vendorAndProduct()) {
      pad(sb, p.vendorId(), 5);
      pad(sb, p.productId(), 5);
    }
    return sb.append(Verhoeff.checkDigit(sb)).toString();
  }

  /**
   * Reads digits whose length, characters and check digit the caller has verified.
   *
   * @param digits 11 or 21 decimal digits, the check digit last
   * @param what what is being read, for messages
   * @return the fields (flow 2 for the long form, as upstream reads it)
   * @throws MalformedPayloadException if the leading digit says the other length, or a group
   *     holds more than its bits
   * @throws InvalidPayloadException for a future version (leading digit 8 or 9) or a vendor or
   *     product group above 65535
   */
  public static RawPayload decode(String digits, String what) {
    int lead = digits.charAt(0) - '0';
    if (lead >= 8) {
      throw new InvalidPayloadException(PayloadProblem.UNSUPPORTED_VERSION, what + " starts with " + lead
          + ", the mark of a newer code version than this SDK reads (0-7)");
    }
    boolean vendorAndProduct = (lead & 0x4) != 0;
    int expected = vendorAndProduct ? LONG_LENGTH : SHORT_LENGTH;
    if (digits.length() != expected) {
      throw new MalformedPayloadException(PayloadProblem.INVALID_LENGTH, what + ": its first digit " + lead
          + " announces the " + expected + "-digit form, but it has " + digits.length()
          + " digits: check it was copied whole", -1);
    }
    int chunk2 = Integer.parseInt(digits, 1, 6, 10);
    int chunk3 = Integer.parseInt(digits, 6, 10, 10);
    if (chunk2 > 0xFFFF) {
      throw new MalformedPayloadException(PayloadProblem.CHUNK_OUT_OF_RANGE, what
          + ": digits 2-6 spell a number above 65535, more than their 16 bits hold: check the code was typed correctly",
          1);
    }
    if (chunk3 > 0x1FFF) {
      throw new MalformedPayloadException(PayloadProblem.CHUNK_OUT_OF_RANGE, what
          + ": digits 7-10 spell a number above 8191, more than their 13 bits hold: check the code was typed correctly",
          6);
    }
    int vendor = 0;
    int product = 0;
    if (vendorAndProduct) {
      vendor = Integer.parseInt(digits, 10, 15, 10);
      product = Integer.parseInt(digits, 15, 20, 10);
      if (vendor > 0xFFFF) {
        throw new InvalidPayloadException(PayloadProblem.INVALID_VENDOR_ID, what + ": the vendor id group spells "
            + vendor + ", more than 16 bits hold (65535)");
      }
      if (product > 0xFFFF) {
        throw new InvalidPayloadException(PayloadProblem.INVALID_PRODUCT_ID, what + ": the product id group spells "
            + product + ", more than 16 bits hold (65535)");
      }
    }
    int shortDiscriminator = (lead & 0x3) << 2 | chunk2 >> 14;
    int passcode = (chunk2 & 0x3FFF) | chunk3 << 14;
    return new RawPayload(lead >> 3, vendor, product, vendorAndProduct ? 2 : 0, -1, shortDiscriminator, true,
        passcode, vendorAndProduct, new byte[0]);
  }

  private static void pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(s);
  }
}
