package dev.microevent.matter;

/**
 * How strictly a payload is checked: as a producer must (before printing a label) or as a scanner
 * should (accepting what newer devices may carry). Both modes apply the rules that make a payload
 * usable at all (version, passcode, vendor and product ids, discriminator, commissioning flow,
 * sizes, check digits).
 */
public enum ValidationMode {
  /**
   * Producer rules: only discovery capability bits the specification defines, TLV data that is a
   * well-formed onboarding structure (context tags 0..4 and 0x80..0xFF, each of its defined type
   * and range), and the text exactly as a generator writes it (no surrounding whitespace).
   * Formatting always checks these rules.
   */
  STRICT,
  /**
   * Scanner rules, forward compatible: unknown discovery capability bits are kept, surrounding
   * whitespace is ignored, TLV elements this SDK does not understand are skipped, and TLV data
   * that is not a TLV structure at all is kept as opaque bytes rather than refused. The default
   * for parsing.
   */
  LENIENT
}
