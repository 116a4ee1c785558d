package dev.microevent.matter;

import dev.microevent.matter.internal.Base38;
import dev.microevent.matter.internal.OnboardingTlv;
import dev.microevent.matter.internal.QrBits;
import dev.microevent.matter.internal.RawPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * QR code onboarding payloads: {@code MT:} followed by the Base38 of the 88-bit payload and its
 * optional TLV data; several payloads (a multi-device pack) are joined by {@code *}, and the code
 * may be embedded in a longer text such as a URL, delimited by {@code %}.
 *
 * <pre>{@code
 * OnboardingPayload p = QrCode.parse("MT:Y.K9042C00KA0648G00");          // scanner rules
 * List<OnboardingPayload> pack = QrCode.parseAll("MT:...*...*...");
 * String text = QrCode.format(p);                                         // producer rules
 * }</pre>
 *
 * <p>Parsing never throws anything but a {@link PayloadException} for a non-null input. Thread-safe
 * (stateless).
 */
public final class QrCode {
  /** The prefix every QR onboarding payload starts with. */
  public static final String PREFIX = "MT:";
  /** Longest text a QR symbol can hold (alphanumeric mode, version 40, low error correction). */
  public static final int MAX_LENGTH = 4296;
  /** Longest Base38 text of one payload. */
  public static final int MAX_PAYLOAD_LENGTH = 255;

  private static final String WHAT = "QR code";

  private QrCode() {}

  /**
   * Parses a QR code holding exactly one payload, with scanner rules ({@link ValidationMode#LENIENT}).
   *
   * @param text the scanned text: {@code MT:...}, or a text (a URL) embedding it between {@code %}
   * @return the payload
   * @throws PayloadException if it is malformed or invalid, or holds several payloads
   */
  public static OnboardingPayload parse(String text) {
    return parse(text, ValidationMode.LENIENT);
  }

  /**
   * Parses a QR code holding exactly one payload.
   *
   * @param text the text: {@code MT:...}, or a text embedding it between {@code %}
   * @param mode producer or scanner rules
   * @return the payload
   * @throws PayloadException if it is malformed or invalid, or holds several payloads
   */
  public static OnboardingPayload parse(String text, ValidationMode mode) {
    List<OnboardingPayload> all = parseAll(text, mode);
    if (all.size() != 1) {
      throw new MalformedPayloadException(PayloadProblem.MULTIPLE_PAYLOADS, WHAT + " holds " + all.size()
          + " payloads (a multi-device pack); read it with QrCode.parseAll", -1);
    }
    return all.get(0);
  }

  /**
   * Parses a QR code holding one or more payloads, with scanner rules.
   *
   * @param text the text
   * @return the payloads, in order
   * @throws PayloadException if any payload is malformed or invalid (the whole code is refused, as
   *     upstream does)
   */
  public static List<OnboardingPayload> parseAll(String text) {
    return parseAll(text, ValidationMode.LENIENT);
  }

  /**
   * Parses a QR code holding one or more payloads.
   *
   * @param text the text
   * @param mode producer or scanner rules
   * @return the payloads, in order
   * @throws PayloadException if any payload is malformed or invalid (the whole code is refused)
   */
  public static List<OnboardingPayload> parseAll(String text, ValidationMode mode) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(mode, "mode");
    if (text.length() > MAX_LENGTH) {
      throw new MalformedPayloadException(PayloadProblem.TOO_LONG, WHAT + ": " + text.length()
          + " characters, more than any QR symbol holds (" + MAX_LENGTH + ")", MAX_LENGTH);
    }
    int start = 0;
    int end = text.length();
    if (mode == ValidationMode.LENIENT) {
      while (start < end && Character.isWhitespace(text.charAt(start))) {
        start++;
      }
      while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
    }
    if (start == end) {
      throw new MalformedPayloadException(PayloadProblem.EMPTY, WHAT + ": the text is empty", -1);
    }
    // As upstream: the first %-delimited segment that starts with MT: and has something after it.
    int from = -1;
    int to = -1;
    boolean bare = false;
    for (int segment = start; segment <= end; ) {
      int next = text.indexOf('%', segment);
      int segmentEnd = next < 0 || next > end ? end : next;
      if (text.startsWith(PREFIX, segment)) {
        if (segmentEnd - segment > PREFIX.length()) {
          from = segment + PREFIX.length();
          to = segmentEnd;
          break;
        }
        bare = true;
      }
      segment = segmentEnd + 1;
    }
    if (from < 0) {
      throw new MalformedPayloadException(bare ? PayloadProblem.EMPTY : PayloadProblem.MISSING_PREFIX, WHAT
          + (bare ? ": nothing follows MT:" : ": no payload starting with MT: (a Matter QR code starts exactly so,"
              + " or embeds it between % signs); is this a Matter code?"), -1);
    }
    List<OnboardingPayload> out = new ArrayList<>();
    int count = 1;
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '*') {
        count++;
      }
    }
    int index = 0;
    for (int a = from; a <= to; ) {
      int star = text.indexOf('*', a);
      int b = star < 0 || star > to ? to : star;
      index++;
      String what = count == 1 ? WHAT : WHAT + " payload " + index + " of " + count;
      if (a == b) {
        throw new MalformedPayloadException(PayloadProblem.EMPTY, what + " is empty (two '*' in a row, or one at an"
            + " end)", a);
      }
      if (b - a > MAX_PAYLOAD_LENGTH) {
        throw new MalformedPayloadException(PayloadProblem.TOO_LONG, what + ": " + (b - a)
            + " characters, more than one payload may have (" + MAX_PAYLOAD_LENGTH + ")", a + MAX_PAYLOAD_LENGTH);
      }
      RawPayload raw = QrBits.unpack(Base38.decode(text, a, b, what), what);
      out.add(Codes.payload(raw, mode, what));
      a = b + 1;
    }
    return List.copyOf(out);
  }

  /**
   * Writes one payload as a QR code text, checked against the producer rules.
   *
   * @param payload the payload; needs discovery capabilities and a long discriminator
   * @return {@code MT:} and 19 Base38 characters, more with TLV data
   * @throws PayloadException if the payload cannot be written as a QR code
   */
  public static String format(OnboardingPayload payload) {
    return format(List.of(payload));
  }

  /**
   * Writes payloads as one QR code text joined by {@code *} (a multi-device pack).
   *
   * @param payloads one or more payloads
   * @return the text
   * @throws PayloadException if a payload cannot be written as a QR code, or the text would not
   *     fit a QR symbol
   */
  public static String format(List<OnboardingPayload> payloads) {
    if (payloads.isEmpty()) {
      throw new MalformedPayloadException(PayloadProblem.EMPTY, WHAT + ": needs at least one payload", -1);
    }
    StringBuilder sb = new StringBuilder(PREFIX);
    int index = 0;
    for (OnboardingPayload p : payloads) {
      Objects.requireNonNull(p, "payload");
      index++;
      String what = payloads.size() == 1 ? WHAT : WHAT + " payload " + index + " of " + payloads.size();
      DiscoveryCapabilities capabilities = p.discoveryCapabilities().orElseThrow(() -> new InvalidPayloadException(
          PayloadProblem.MISSING_DISCOVERY_CAPABILITIES, what + ": a QR code must say how the device can be"
              + " discovered; set discoveryCapabilities (it is unknown for a payload read from a manual code)"));
      Codes.checkCapabilities(capabilities, ValidationMode.STRICT, what);
      if (p.discriminator().isShort()) {
        throw new InvalidPayloadException(PayloadProblem.INVALID_DISCRIMINATOR, what + " needs the full 12-bit"
            + " discriminator; this payload has only the short one (read from a manual code)");
      }
      byte[] tlv = p.extensionData();
      OnboardingTlv.read(tlv, true, what);
      String encoded = Base38.encode(QrBits.pack(new RawPayload(0, p.vendorId().value(), p.productId().value(),
          p.commissioningFlow().code(), capabilities.bits(), p.discriminator().value(), false, p.passcode(), true,
          tlv)));
      if (encoded.length() > MAX_PAYLOAD_LENGTH) {
        throw new MalformedPayloadException(PayloadProblem.TOO_LONG, what + ": " + encoded.length()
            + " characters, more than one payload may have (" + MAX_PAYLOAD_LENGTH + "); shorten the TLV data", -1);
      }
      if (index > 1) {
        sb.append('*');
      }
      sb.append(encoded);
    }
    if (sb.length() > MAX_LENGTH) {
      throw new MalformedPayloadException(PayloadProblem.TOO_LONG, WHAT + ": " + sb.length()
          + " characters, more than any QR symbol holds (" + MAX_LENGTH + "); split the pack", -1);
    }
    return sb.toString();
  }
}
