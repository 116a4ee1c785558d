package dev.microevent.commerce.tickets;

import dev.microevent.commerce.internal.EdKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A public key a gate accepts tickets from: the raw 32-byte Ed25519 key, the format it signs,
 * and when it is valid. A key is accepted from {@link #activeFrom()} (if set) until its {@link
 * #retiredAt()} plus the ring's grace (if retired). Immutable and thread-safe.
 *
 * @see KeyRing
 */
public final class TicketKey {
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final int MAX_PEM_CHARS = 4096;

  private final TicketFormat format;
  private final byte[] raw;
  private final KeyId id;
  private final EdKey edKey;
  private final @Nullable Instant activeFrom;
  private final @Nullable Instant retiredAt;

  private TicketKey(TicketFormat format, byte[] raw, KeyId id, EdKey edKey, @Nullable Instant activeFrom,
      @Nullable Instant retiredAt) {
    this.format = format;
    this.raw = raw;
    this.id = id;
    this.edKey = edKey;
    this.activeFrom = activeFrom;
    this.retiredAt = retiredAt;
  }

  /**
   * A key for our tickets.
   *
   * @param publicKey the raw 32-byte Ed25519 public key (copied)
   * @return the key, valid without limits until retired
   * @throws TicketException if the bytes are not a valid Ed25519 public key
   */
  public static TicketKey ed25519(byte[] publicKey) {
    return of(TicketFormat.MICROEVENT_V1, publicKey);
  }

  /**
   * A pretix event key ({@code pretix_sig1}).
   *
   * @param publicKey the raw 32-byte Ed25519 public key (copied)
   * @return the key
   * @throws TicketException if the bytes are not a valid Ed25519 public key
   */
  public static TicketKey pretixSig1(byte[] publicKey) {
    return of(TicketFormat.PRETIX_SIG1, publicKey);
  }

  /**
   * A pretix event key as pretix publishes it in the event's {@code valid_keys.pretix_sig1}: the
   * Base64 of a PEM {@code PUBLIC KEY} (an Ed25519 SubjectPublicKeyInfo). The PEM text itself is
   * accepted too.
   *
   * @param validKey the published value
   * @return the key
   * @throws TicketException if the value is not an Ed25519 public key in that form
   */
  public static TicketKey pretixSig1(String validKey) {
    Objects.requireNonNull(validKey, "validKey");
    String pem = validKey.strip();
    if (pem.length() > MAX_PEM_CHARS) {
      throw new TicketException("a pretix key is a short PEM; got " + pem.length() + " characters", null);
    }
    if (!pem.startsWith("-----BEGIN")) {
      try {
        pem = new String(Base64.getMimeDecoder().decode(pem), StandardCharsets.US_ASCII).strip();
      } catch (IllegalArgumentException e) {
        throw new TicketException("a pretix key must be the Base64 of a PEM public key: " + e.getMessage(), e);
      }
    }
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    if (!pem.startsWith(begin) || !pem.endsWith(end) || pem.length() < begin.length() + end.length()) {
      throw new TicketException("a pretix key must be a PEM '" + begin + "' block", null);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin.length(), pem.length() - end.length()));
    } catch (IllegalArgumentException e) {
      throw new TicketException("the PEM body of the pretix key is not Base64: " + e.getMessage(), e);
    }
    if (der.length != SPKI_PREFIX.length + EdKey.PUBLIC_KEY_SIZE
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new TicketException("the pretix key is not an Ed25519 SubjectPublicKeyInfo (44 bytes, OID 1.3.101.112)",
          null);
    }
    return pretixSig1(Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length));
  }

  private static TicketKey of(TicketFormat format, byte[] publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    byte[] raw = publicKey.clone();
    EdKey ed = EdKey.of(raw);
    if (ed == null) {
      throw new TicketException("not a valid Ed25519 public key (" + raw.length
          + " bytes; it must be 32 bytes encoding a point of the prime-order subgroup)", null);
    }
    return new TicketKey(format, raw, new KeyId(EdKey.keyId(raw)), ed, null, null);
  }

  /**
   * This key, accepted only from an instant on (a key published ahead of its first use).
   *
   * @param activeFrom the instant, or {@code null} for no start
   * @return a copy
   */
  public TicketKey withActiveFrom(@Nullable Instant activeFrom) {
    return new TicketKey(format, raw, id, edKey, activeFrom, retiredAt);
  }

  /**
   * This key, retired at an instant: tickets it signed are accepted for the ring's grace after
   * that, then refused as {@link VerdictKind#UNKNOWN_KEY}.
   *
   * @param retiredAt the instant, or {@code null} for not retired
   * @return a copy
   */
  public TicketKey withRetiredAt(@Nullable Instant retiredAt) {
    return new TicketKey(format, raw, id, edKey, activeFrom, retiredAt);
  }

  /**
   * The format this key signs.
   *
   * @return the format
   */
  public TicketFormat format() {
    return format;
  }

  /**
   * The key's id.
   *
   * @return the id
   */
  public KeyId id() {
    return id;
  }

  /**
   * The raw public key.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] publicKey() {
    return raw.clone();
  }

  /**
   * When the key starts being accepted.
   *
   * @return the instant, empty if from the start
   */
  public Optional<Instant> activeFrom() {
    return Optional.ofNullable(activeFrom);
  }

  /**
   * When the key was retired.
   *
   * @return the instant, empty if it is not retired
   */
  public Optional<Instant> retiredAt() {
    return Optional.ofNullable(retiredAt);
  }

  /** Whether tickets signed by this key are accepted at {@code now}, given the ring's grace. */
  boolean acceptedAt(Instant now, Duration grace) {
    if (activeFrom != null && now.isBefore(activeFrom)) {
      return false;
    }
    return retiredAt == null || Duration.between(retiredAt, now).compareTo(grace) < 0;
  }

  EdKey edKey() {
    return edKey;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TicketKey k && format == k.format && Arrays.equals(raw, k.raw)
        && Objects.equals(activeFrom, k.activeFrom) && Objects.equals(retiredAt, k.retiredAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, Arrays.hashCode(raw), activeFrom, retiredAt);
  }

  @Override
  public String toString() {
    return "TicketKey{" + format + " id=" + id + (activeFrom == null ? "" : " activeFrom=" + activeFrom)
        + (retiredAt == null ? "" : " retiredAt=" + retiredAt) + "}";
  }
}
