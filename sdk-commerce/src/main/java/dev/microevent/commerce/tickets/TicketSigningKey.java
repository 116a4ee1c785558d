package dev.microevent.commerce.tickets;

import dev.microevent.commerce.internal.EdKey;
import java.util.Objects;

/**
 * An Ed25519 private key that signs tickets (held by a box office or the ticket backend, never by
 * a gate). Keep its {@link #seed()} secret; hand its {@link #publicKey()} to the gates' {@link
 * KeyRing}. Immutable and thread-safe; {@link #toString()} shows only the key id.
 */
public final class TicketSigningKey {
  private final byte[] seed;
  private final byte[] publicKey;
  private final TicketKey key;

  private TicketSigningKey(byte[] seed) {
    this.seed = seed;
    this.publicKey = EdKey.publicKey(seed);
    this.key = TicketKey.ed25519(publicKey);
  }

  /**
   * A new key from the platform's strong random source.
   *
   * @return the key
   */
  public static TicketSigningKey generate() {
    return new TicketSigningKey(EdKey.newSeed());
  }

  /**
   * A key from its stored 32-byte private key (the RFC 8032 seed).
   *
   * @param seed 32 bytes (copied)
   * @return the key
   * @throws TicketException if the seed is not 32 bytes
   */
  public static TicketSigningKey fromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != EdKey.SEED_SIZE) {
      throw new TicketException("an Ed25519 private key is " + EdKey.SEED_SIZE + " bytes, got " + seed.length, null);
    }
    return new TicketSigningKey(seed.clone());
  }

  /**
   * The private key, to store (encrypted) and load again with {@link #fromSeed(byte[])}.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] seed() {
    return seed.clone();
  }

  /**
   * The public key, for gates' key rings.
   *
   * @return the key, format {@link TicketFormat#MICROEVENT_V1}, no validity limits
   */
  public TicketKey publicKey() {
    return key;
  }

  /**
   * The key id every ticket it signs carries.
   *
   * @return the id
   */
  public KeyId id() {
    return key.id();
  }

  byte[] sign(byte[] message) {
    return EdKey.sign(seed, publicKey, message, 0, message.length);
  }

  @Override
  public String toString() {
    return "TicketSigningKey{id=" + key.id() + "}";
  }
}
