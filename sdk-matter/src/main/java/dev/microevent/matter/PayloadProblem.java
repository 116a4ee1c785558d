package dev.microevent.matter;

/**
 * What is wrong with an onboarding payload, as a {@link PayloadException} reports it: switch on
 * it to tell the user what to do (rescan, retype, or give up on a device that cannot be onboarded).
 */
public enum PayloadProblem {
  /** Nothing to parse: the text is empty or holds only separators or whitespace. */
  EMPTY,
  /** A QR code text has no {@code MT:} payload (wrong prefix, or none at all). */
  MISSING_PREFIX,
  /** A character that the format does not allow (outside Base38, or not a digit). */
  INVALID_CHARACTER,
  /** The wrong number of characters or bytes for the format. */
  INVALID_LENGTH,
  /** A group of characters encodes a number larger than its field can hold. */
  CHUNK_OUT_OF_RANGE,
  /** The manual code's Verhoeff check digit does not match: usually a typing mistake. */
  CHECK_DIGIT_MISMATCH,
  /** The QR payload's four padding bits are not zero. */
  NON_ZERO_PADDING,
  /** The QR code's optional TLV data is not a well-formed TLV structure. */
  MALFORMED_TLV,
  /** The text or the payload is longer than any QR symbol or manual code can be. */
  TOO_LONG,
  /** A QR code holds several payloads where exactly one was asked for. */
  MULTIPLE_PAYLOADS,
  /** A version this SDK does not know (the QR version field, or a manual code's first digit 8 or 9). */
  UNSUPPORTED_VERSION,
  /** The passcode is 0, above 99999998, or one of the trivial passcodes the specification bans. */
  INVALID_PASSCODE,
  /** The vendor id is reserved (0xFFF5..0xFFFF) or does not fit 16 bits. */
  INVALID_VENDOR_ID,
  /** The product id is 0 while a vendor id is given, or does not fit 16 bits. */
  INVALID_PRODUCT_ID,
  /** The discriminator is out of range, or short (4 bits) where a QR code needs the full 12 bits. */
  INVALID_DISCRIMINATOR,
  /** The commissioning flow is the reserved value 3. */
  INVALID_COMMISSIONING_FLOW,
  /** A producer set a discovery capability bit that the specification does not define. */
  UNKNOWN_DISCOVERY_CAPABILITY,
  /** A QR code payload needs its discovery capabilities, and none were given. */
  MISSING_DISCOVERY_CAPABILITIES,
  /** The TLV data is well formed but breaks an onboarding rule (reserved tag, wrong type or range). */
  INVALID_EXTENSION_DATA
}
