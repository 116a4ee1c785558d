package dev.microevent.commerce.tickets.internal;

import org.jspecify.annotations.Nullable;

/**
 * The text form of a frame, all in the QR alphanumeric set: {@code ME1:} and the frame in
 * Base45; with a rotating code, {@code ME1+<digits>:} and the same Base45. The text is capped at
 * {@link #MAX_CHARS} before anything is decoded. Stateless.
 */
public final class TicketText {
  /** Prefix of a ticket shown without a code. */
  public static final String PLAIN = "ME1:";
  /** Prefix of a ticket shown with its current rotating code. */
  public static final String ROTATING = "ME1+";
  /** Most digits of a rotating code. */
  public static final int MAX_DIGITS = 9;
  /** Longest text accepted: the longest frame with the longest code. */
  public static final int MAX_CHARS =
      ROTATING.length() + MAX_DIGITS + 1 + Base45.encodedLength(TicketFrame.MAX_FRAME);

  private TicketText() {}

  /** A parsed text: the frame bytes and, if shown with one, the rotating code's digits. */
  public static final class Parsed {
    /** The frame's bytes. */
    public final byte[] frame;
    /** The rotating code's digits, if the text had one. */
    public final @Nullable String code;

    Parsed(byte[] frame, @Nullable String code) {
      this.frame = frame;
      this.code = code;
    }
  }

  /**
   * Writes the text of a frame without a code.
   *
   * @param frame the signed frame
   * @return {@code ME1:} + Base45
   */
  public static String plain(byte[] frame) {
    return PLAIN + Base45.encode(frame);
  }

  /**
   * Writes the text of a ticket with a rotating code.
   *
   * @param plainText the ticket's text without a code
   * @param code the digits
   * @return {@code ME1+<digits>:} + Base45, or {@code null} if the text is not a plain ticket text
   */
  public static @Nullable String withCode(String plainText, String code) {
    if (!plainText.startsWith(PLAIN)) {
      return null;
    }
    return ROTATING + code + ":" + plainText.substring(PLAIN.length());
  }

  /**
   * Whether a text claims to be ours (as opposed to, say, a pretix secret).
   *
   * @param text the scanned text
   * @return whether it starts with one of our prefixes (and, rotating, has the colon)
   */
  public static boolean claims(String text) {
    // A reversed Base64 pretix secret may start with "ME1+" but never holds a ':'.
    return text.startsWith(PLAIN) || (text.startsWith(ROTATING) && text.indexOf(':') >= 0);
  }

  /**
   * Parses a scanned text. Trailing CR and LF (sent by some scanners) are ignored; nothing else
   * is forgiven.
   *
   * @param text the scanned text
   * @return the parts, or {@code null} if the text is too long or not well formed
   */
  public static @Nullable Parsed parse(String text) {
    int end = text.length();
    if (end > MAX_CHARS + 2) {
      return null;
    }
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    if (end > MAX_CHARS) {
      return null;
    }
    String code = null;
    int body;
    if (text.startsWith(PLAIN)) {
      body = PLAIN.length();
    } else if (text.startsWith(ROTATING)) {
      int colon = -1;
      for (int i = ROTATING.length(); i < end && i <= ROTATING.length() + MAX_DIGITS; i++) {
        char c = text.charAt(i);
        if (c == ':') {
          colon = i;
          break;
        }
        if (c < '0' || c > '9') {
          return null;
        }
      }
      if (colon <= ROTATING.length()) {
        return null;
      }
      code = text.substring(ROTATING.length(), colon);
      body = colon + 1;
    } else {
      return null;
    }
    byte[] frame = Base45.decode(text, body, end, TicketFrame.MAX_FRAME);
    return frame == null ? null : new Parsed(frame, code);
  }
}
