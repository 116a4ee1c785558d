package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.Tokens;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A signing key's id: the first 8 bytes of the SHA-256 of its raw 32-byte Ed25519 public key (as
 * EU DCC's {@code kid}). Every ticket frame carries it, so a verifier picks the one key to check
 * instead of trying each. Written as 16 lowercase hex digits. Immutable and thread-safe.
 *
 * @param value the 8 bytes, big-endian
 */
public record KeyId(long value) {

  /**
   * Parses 16 hex digits.
   *
   * @param hex the digits
   * @return the id
   * @throws TicketException if the text is not 16 hex digits
   */
  public static KeyId of(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 16 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
        || (c >= 'A' && c <= 'F'))) {
      throw new TicketException("a key id is 16 hex digits, got '" + Tokens.shown(hex) + "'", null);
    }
    return new KeyId(Long.parseUnsignedLong(hex.toLowerCase(Locale.ROOT), 16));
  }

  @Override
  public String toString() {
    return HexFormat.of().toHexDigits(value);
  }
}
