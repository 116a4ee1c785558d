package dev.microevent.matter;

import dev.microevent.matter.internal.ManualDigits;
import dev.microevent.matter.internal.RawPayload;
import dev.microevent.matter.internal.Texts;
import dev.microevent.matter.internal.Verhoeff;
import java.util.Objects;

/**
 * Manual pairing codes: 11 digits (passcode and short discriminator) or 21 digits (vendor and
 * product too), the last one a Verhoeff check digit. Dashes and spaces between digits are
 * accepted ({@code 3497-011-2332}, {@code 3497 011 2332}).
 *
 * <pre>{@code
 * OnboardingPayload p = ManualCode.parse("3497-011-2332");
 * p.passcode();               // 20202021
 * p.discriminator();          // short 15
 * ManualCode.format(p);       // "34970112332"
 * }</pre>
 *
 * <p>A manual code has no field that a newer specification could extend, so both {@link
 * ValidationMode}s apply the same rules, except that {@link ValidationMode#LENIENT} also ignores
 * other whitespace (tabs, line breaks). Parsing never throws anything but a {@link
 * PayloadException} for a non-null input. Thread-safe (stateless).
 */
public final class ManualCode {
  /** Longest text accepted: 21 digits and generous room for separators. */
  public static final int MAX_LENGTH = 64;

  private static final String WHAT = "manual pairing code";

  private ManualCode() {}

  /**
   * Parses a manual pairing code with scanner rules ({@link ValidationMode#LENIENT}).
   *
   * @param code the code as typed
   * @return the payload: short discriminator, no discovery capabilities; flow {@link
   *     CommissioningFlow#CUSTOM} and vendor and product for the 21-digit form
   * @throws PayloadException if the code is malformed or invalid
   */
  public static OnboardingPayload parse(String code) {
    return parse(code, ValidationMode.LENIENT);
  }

  /**
   * Parses a manual pairing code.
   *
   * @param code the code as typed
   * @param mode producer or scanner rules
   * @return the payload (see {@link #parse(String)})
   * @throws PayloadException if the code is malformed or invalid
   */
  public static OnboardingPayload parse(String code, ValidationMode mode) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(mode, "mode");
    if (code.length() > MAX_LENGTH) {
      throw new MalformedPayloadException(PayloadProblem.TOO_LONG, WHAT + ": " + code.length()
          + " characters; a manual code has 11 or 21 digits", MAX_LENGTH);
    }
    StringBuilder digits = new StringBuilder(ManualDigits.LONG_LENGTH);
    for (int i = 0; i < code.length(); i++) {
      char ch = code.charAt(i);
      if (ch >= '0' && ch <= '9') {
        digits.append(ch);
      } else if (!(ch == '-' || ch == ' ' || (mode == ValidationMode.LENIENT && Character.isWhitespace(ch)))) {
        throw new MalformedPayloadException(PayloadProblem.INVALID_CHARACTER, WHAT + ": character "
            + Texts.describe(ch) + " at index " + i + " is not a digit (only digits, dashes and spaces)", i);
      }
    }
    int n = digits.length();
    if (n == 0) {
      throw new MalformedPayloadException(PayloadProblem.EMPTY, WHAT + ": no digits", -1);
    }
    if (n != ManualDigits.SHORT_LENGTH && n != ManualDigits.LONG_LENGTH) {
      throw new MalformedPayloadException(PayloadProblem.INVALID_LENGTH, WHAT + ": " + n
          + " digits; a manual code has 11 or 21: check it was copied whole", -1);
    }
    if (!Verhoeff.isValid(digits)) {
      throw new MalformedPayloadException(PayloadProblem.CHECK_DIGIT_MISMATCH, WHAT
          + ": the check digit (the last one) does not match the others; a digit was mistyped or two were swapped,"
          + " retype the code", -1);
    }
    RawPayload raw = ManualDigits.decode(digits.toString(), WHAT);
    return Codes.payload(raw, mode, WHAT);
  }

  /**
   * Writes a payload as a manual pairing code: the 11-digit form for the standard commissioning
   * flow (vendor and product are left out even when known, as upstream does), the 21-digit form
   * with vendor and product otherwise. A long discriminator is reduced to its short form.
   *
   * @param payload the payload
   * @return 11 or 21 digits, no separators
   */
  public static String format(OnboardingPayload payload) {
    Objects.requireNonNull(payload, "payload");
    boolean vendorAndProduct = payload.commissioningFlow() != CommissioningFlow.STANDARD;
    Discriminator d = payload.discriminator();
    return ManualDigits.encode(new RawPayload(0, vendorAndProduct ? payload.vendorId().value() : 0,
        vendorAndProduct ? payload.productId().value() : 0, vendorAndProduct ? CommissioningFlow.CUSTOM.code() : 0, -1,
        d.shortValue(), true, payload.passcode(), vendorAndProduct, new byte[0]));
  }
}
