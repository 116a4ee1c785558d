package dev.microevent.matter.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * An onboarding payload's fields exactly as a code carries them, before any rule is checked (the
 * upstream parsers' "populate" step): what the codecs read and write.
 *
 * @param version the 3-bit version (QR) or the leading digit's version bit (manual code)
 * @param vendorId 16 bits
 * @param productId 16 bits
 * @param flow the 2-bit commissioning flow (a manual code: 0, or 2 when it carries vendor and product)
 * @param capabilities the 8-bit discovery capabilities, or -1 when the code has none (manual code)
 * @param discriminator the discriminator: 12 bits, or 4 when {@code shortDiscriminator}
 * @param shortDiscriminator whether the discriminator is the 4-bit short form
 * @param passcode the passcode bits (27 in a QR code; a manual code may spell more)
 * @param vendorAndProduct whether a manual code carries vendor and product (always true for QR)
 * @param tlv the optional TLV data after the fixed QR bytes (empty if none)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
public record RawPayload(int version, int vendorId, int productId, int flow, int capabilities, int discriminator,
    boolean shortDiscriminator, int passcode, boolean vendorAndProduct, byte[] tlv) {
  /**
   * Copies the TLV bytes.
   *
   * @param version the 3-bit version (QR) or the leading digit's version bit (manual code)
   * @param vendorId 16 bits
   * @param productId 16 bits
   * @param flow the 2-bit commissioning flow (a manual code: 0, or 2 when it carries vendor and
   *     product)
   * @param capabilities the 8-bit discovery capabilities, or -1 when the code has none (manual code)
   * @param discriminator the discriminator: 12 bits, or 4 when {@code shortDiscriminator}
   * @param shortDiscriminator whether the discriminator is the 4-bit short form
   * @param passcode the passcode bits (27 in a QR code; a manual code may spell more)
   * @param vendorAndProduct whether a manual code carries vendor and product (always true for QR)
   * @param tlv the optional TLV data after the fixed QR bytes (empty if none)
   */
  public RawPayload {
    tlv = tlv.clone();
  }

  /** {@return a copy of the optional TLV data after the fixed QR bytes (empty if none)} */
  @Override
  public byte[] tlv() {
    return tlv.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawPayload r && version == r.version && vendorId == r.vendorId && productId == r.productId
        && flow == r.flow && capabilities == r.capabilities && discriminator == r.discriminator
        && shortDiscriminator == r.shortDiscriminator && passcode == r.passcode
        && vendorAndProduct == r.vendorAndProduct && Arrays.equals(tlv, r.tlv);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, vendorId, productId, flow, capabilities, discriminator, shortDiscriminator, passcode,
        vendorAndProduct, Arrays.hashCode(tlv));
  }

  @Override
  public String toString() {
    return "RawPayload[version=" + version + ", vendorId=" + vendorId + ", productId=" + productId + ", flow=" + flow
        + ", capabilities=" + capabilities + ", discriminator=" + discriminator + (shortDiscriminator ? " (short)" : "")
        + ", passcode=<redacted>, tlv=" + tlv.length + " bytes]";
  }
}
