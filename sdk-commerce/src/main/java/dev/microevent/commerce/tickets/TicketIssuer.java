package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.TicketFrame;
import dev.microevent.commerce.tickets.internal.TicketText;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs tickets into their text form, for a box office, the ticket backend and tests. The text
 * ({@code ME1:} and Base45, all in the QR alphanumeric set) goes into the QR code; any gate
 * whose {@link KeyRing} holds this issuer's public key verifies it with no network. Cancelling a
 * ticket is a {@link RevocationDelta} entry, never a re-signed ticket. Immutable and thread-safe.
 *
 * <pre>{@code
 * TicketIssuer issuer = TicketIssuer.builder().signingKey(key).build();
 * String qrText = issuer.issue(ticket);
 * }</pre>
 */
public final class TicketIssuer {
  private final TicketSigningKey key;
  private final @Nullable RotatingCode rotatingCodes;

  private TicketIssuer(TicketSigningKey key, @Nullable RotatingCode rotatingCodes) {
    this.key = key;
    this.rotatingCodes = rotatingCodes;
  }

  /**
   * Starts an issuer.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs a ticket.
   *
   * @param ticket a ticket of format {@link TicketFormat#MICROEVENT_V1}
   * @return its text form, for the QR code
   * @throws TicketException if the ticket is of another format
   */
  public String issue(Ticket ticket) {
    Objects.requireNonNull(ticket, "ticket");
    if (ticket.format() != TicketFormat.MICROEVENT_V1) {
      throw new TicketException("only " + TicketFormat.MICROEVENT_V1 + " tickets are issued here, got "
          + ticket.format(), null);
    }
    byte[] signed = TicketFrame.signedPart(key.id().value(), ticket.rotating() ? TicketFrame.FLAG_ROTATING : 0,
        seconds(ticket.validFrom().orElse(null)), seconds(ticket.validUntil().orElse(null)), ticket.entries(),
        ticket.event().value(), ticket.id().value(), ticket.zone().map(Zone::value).orElse(""),
        ticket.tier().orElse(""));
    byte[] signature = key.sign(signed);
    byte[] frame = new byte[signed.length + signature.length];
    System.arraycopy(signed, 0, frame, 0, signed.length);
    System.arraycopy(signature, 0, frame, signed.length, signature.length);
    return TicketText.plain(frame);
  }

  /**
   * The secret of a rotating ticket, for the holder's app (which shows codes with {@link
   * RotatingCode#show(String, byte[], Instant)}).
   *
   * @param ticket the ticket
   * @return its 32-byte secret
   * @throws TicketException if this issuer was built without a rotating-code configuration
   *     holding the master key
   */
  public byte[] holderSecret(Ticket ticket) {
    RotatingCode codes = rotatingCodes;
    if (codes == null) {
      throw new TicketException("this issuer has no rotating-code configuration (builder.rotatingCodes)", null);
    }
    return codes.secretFor(ticket);
  }

  /**
   * The id every ticket of this issuer carries.
   *
   * @return the key id
   */
  public KeyId keyId() {
    return key.id();
  }

  /**
   * The public key, for gates' key rings.
   *
   * @return the key
   */
  public TicketKey publicKey() {
    return key.publicKey();
  }

  private static long seconds(@Nullable Instant i) {
    return i == null ? 0 : i.getEpochSecond();
  }

  @Override
  public String toString() {
    return "TicketIssuer{key=" + key.id() + "}";
  }

  /** Builds a {@link TicketIssuer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable TicketSigningKey key;
    private @Nullable RotatingCode rotatingCodes;

    private Builder() {}

    /**
     * The key that signs (required).
     *
     * @param key the key
     * @return this builder
     */
    public Builder signingKey(TicketSigningKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The rotating-code configuration with the event's master key, for {@link
     * #holderSecret(Ticket)}; default none.
     *
     * @param rotatingCodes the configuration
     * @return this builder
     * @throws TicketException if it holds no master key
     */
    public Builder rotatingCodes(RotatingCode rotatingCodes) {
      Objects.requireNonNull(rotatingCodes, "rotatingCodes");
      if (!rotatingCodes.hasMasterKey()) {
        throw new TicketException("an issuer derives holders' secrets: its rotating-code configuration needs the "
            + "master key", null);
      }
      this.rotatingCodes = rotatingCodes;
      return this;
    }

    /**
     * Builds the issuer.
     *
     * @return the issuer
     * @throws TicketException if no signing key was set
     */
    public TicketIssuer build() {
      if (key == null) {
        throw new TicketException("an issuer needs a signing key (builder.signingKey)", null);
      }
      return new TicketIssuer(key, rotatingCodes);
    }
  }
}
