package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.TicketText;
import dev.microevent.commerce.tickets.internal.Totp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Rotating codes against screenshots: an RFC 6238 TOTP over a per-ticket secret, shown beside the
 * ticket and changing every {@link #step()}. A gate accepts the code of the current step and of
 * {@link #skewSteps()} steps either side (clock skew between phone and gate), and never the same
 * (ticket, step) twice. Immutable and thread-safe; the builder is not.
 *
 * <p>The per-ticket secret is derived from the event's master key (HMAC-SHA-256 over the event
 * and ticket ids), so the issuer hands each holder's app only its own ticket's secret, and gates
 * holding the master key derive it on the spot:
 *
 * <pre>{@code
 * RotatingCode codes = RotatingCode.builder().masterKey(eventMasterKey).build();   // box office, gates
 * byte[] secret = codes.secretFor(ticket);                                         // to the holder's app
 * String qr = RotatingCode.builder().build().show(ticketText, secret, Instant.now()); // the app, each step
 * }</pre>
 */
public final class RotatingCode {
  /** The step unless set: 30 s, RFC 6238's default. */
  public static final Duration DEFAULT_STEP = Duration.ofSeconds(30);
  /** Fewest bytes of a master key. */
  public static final int MIN_MASTER_KEY = 16;
  private static final byte[] DERIVATION_LABEL = "microevent-totp-v1".getBytes(StandardCharsets.US_ASCII);

  /** The HMAC under the TOTP. */
  public enum Algorithm {
    /** HMAC-SHA-1, RFC 6238's default (authenticator apps). */
    SHA1("HmacSHA1"),
    /** HMAC-SHA-256. */
    SHA256("HmacSHA256"),
    /** HMAC-SHA-512. */
    SHA512("HmacSHA512");

    private final String jca;

    Algorithm(String jca) {
      this.jca = jca;
    }
  }

  private final Algorithm algorithm;
  private final int digits;
  private final Duration step;
  private final Instant origin;
  private final int skewSteps;
  private final byte @Nullable [] masterKey;

  private RotatingCode(Builder b) {
    this.algorithm = b.algorithm;
    this.digits = b.digits;
    this.step = b.step;
    this.origin = b.origin;
    this.skewSteps = b.skewSteps;
    this.masterKey = b.masterKey;
  }

  /**
   * Starts a configuration: SHA-256, 8 digits, 30 s steps from the Unix epoch, one step of skew.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.algorithm = algorithm;
    b.digits = digits;
    b.step = step;
    b.origin = origin;
    b.skewSteps = skewSteps;
    b.masterKey = masterKey;
    return b;
  }

  /**
   * The HMAC.
   *
   * @return the algorithm
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Digits per code.
   *
   * @return 6..9
   */
  public int digits() {
    return digits;
  }

  /**
   * How long one code lasts (RFC 6238's X).
   *
   * @return the step
   */
  public Duration step() {
    return step;
  }

  /**
   * Where step 0 starts (RFC 6238's T0).
   *
   * @return the instant
   */
  public Instant origin() {
    return origin;
  }

  /**
   * Steps accepted either side of the current one.
   *
   * @return 0..10
   */
  public int skewSteps() {
    return skewSteps;
  }

  /**
   * Whether this configuration holds a master key (gates and issuers do; holders' apps don't).
   *
   * @return whether it does
   */
  public boolean hasMasterKey() {
    return masterKey != null;
  }

  /**
   * The time step of an instant: {@code floor((at - origin) / step)}.
   *
   * @param at the instant
   * @return the step, negative before the origin
   */
  public long timeStep(Instant at) {
    Objects.requireNonNull(at, "at");
    return Math.floorDiv(Duration.between(origin, at).toSeconds(), step.toSeconds());
  }

  /**
   * The code for a secret at an instant (RFC 6238).
   *
   * @param secret the per-ticket secret (or any TOTP key)
   * @param at the instant
   * @return the code, {@link #digits()} decimal digits
   * @throws TicketException if the secret is empty or the instant is before the origin
   */
  public String code(byte[] secret, Instant at) {
    Objects.requireNonNull(secret, "secret");
    long t = timeStep(at);
    if (secret.length == 0 || t < 0) {
      throw new TicketException("a TOTP needs a non-empty secret and an instant after " + origin + " (got "
          + secret.length + " bytes, " + at + ")", null);
    }
    return codeAt(secret, t);
  }

  /**
   * The text to show in the QR code at an instant: the ticket's text with its current code.
   *
   * @param ticketText the ticket's text as issued ({@code ME1:...})
   * @param secret the ticket's secret
   * @param at the instant
   * @return {@code ME1+<code>:...}
   * @throws TicketException if the text is not an issued ticket's text, or as {@link
   *     #code(byte[], Instant)}
   */
  public String show(String ticketText, byte[] secret, Instant at) {
    Objects.requireNonNull(ticketText, "ticketText");
    String shown = TicketText.withCode(ticketText, code(secret, at));
    if (shown == null) {
      throw new TicketException("not a ticket's text as issued (it starts with " + TicketText.PLAIN + ")", null);
    }
    return shown;
  }

  /**
   * The per-ticket secret: HMAC-SHA-256 of the master key over a label, the event and the ticket.
   *
   * @param ticket the ticket
   * @return 32 bytes
   * @throws TicketException if this configuration holds no master key
   */
  public byte[] secretFor(Ticket ticket) {
    Objects.requireNonNull(ticket, "ticket");
    byte[] key = masterKey;
    if (key == null) {
      throw new TicketException("deriving a ticket's secret needs the event's master key (builder.masterKey)", null);
    }
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(DERIVATION_LABEL);
    in.write(0);
    in.writeBytes(ticket.event().value().getBytes(StandardCharsets.US_ASCII));
    in.write(0);
    in.writeBytes(ticket.id().value().getBytes(StandardCharsets.US_ASCII));
    return Totp.hmac("HmacSHA256", key, in.toByteArray());
  }

  /**
   * The step whose code matches, searching the current step first, then one step either side and
   * so on up to the skew; -1 if none does. The comparison takes the same time wherever codes
   * differ.
   */
  long matchingStep(byte[] secret, String code, Instant now) {
    long t = timeStep(now);
    if (code.length() != digits) {
      return -1;
    }
    for (int d = 0; d <= skewSteps; d++) {
      for (long candidate : d == 0 ? new long[] {t} : new long[] {t - d, t + d}) {
        if (candidate >= 0 && Totp.same(codeAt(secret, candidate), code)) {
          return candidate;
        }
      }
    }
    return -1;
  }

  /** The instant after which a code of a step can no longer be accepted anywhere. */
  Instant lastAccepted(long timeStep) {
    return origin.plusSeconds(Math.multiplyExact(timeStep + skewSteps + 1, step.toSeconds()));
  }

  private String codeAt(byte[] secret, long timeStep) {
    return Totp.hotp(algorithm.jca, secret, timeStep, digits);
  }

  @Override
  public String toString() {
    return "RotatingCode{" + algorithm + ", " + digits + " digits, step " + step + ", skew " + skewSteps
        + (masterKey == null ? "" : ", master key set") + "}";
  }

  /** Builds a {@link RotatingCode}. Not thread-safe. */
  public static final class Builder {
    private Algorithm algorithm = Algorithm.SHA256;
    private int digits = 8;
    private Duration step = DEFAULT_STEP;
    private Instant origin = Instant.EPOCH;
    private int skewSteps = 1;
    private byte @Nullable [] masterKey;

    private Builder() {}

    /**
     * The HMAC; default SHA-256. SHA-1 for codes an authenticator app must produce.
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Digits per code; default 8.
     *
     * @param digits 6..9
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder digits(int digits) {
      if (digits < 6 || digits > TicketText.MAX_DIGITS) {
        throw new TicketException("a code has 6.." + TicketText.MAX_DIGITS + " digits, got " + digits, null);
      }
      this.digits = digits;
      return this;
    }

    /**
     * How long one code lasts; default 30 s. Shorter steps make a screenshot stale sooner;
     * 15 s is common for tickets.
     *
     * @param step whole seconds, 1 s..1 h
     * @return this builder
     * @throws TicketException if out of range or not whole seconds
     */
    public Builder step(Duration step) {
      Objects.requireNonNull(step, "step");
      if (step.toNanosPart() != 0 || step.toSeconds() < 1 || step.toSeconds() > 3600) {
        throw new TicketException("a step is 1..3600 whole seconds, got " + step, null);
      }
      this.step = step;
      return this;
    }

    /**
     * Where step 0 starts; default the Unix epoch (RFC 6238's T0 = 0).
     *
     * @param origin the instant
     * @return this builder
     */
    public Builder origin(Instant origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /**
     * Steps accepted either side of the current one; default 1 (RFC 6238 section 5.2). 0 for
     * gates and phones on a synchronised clock; more only with long lines at slow scanners.
     *
     * @param steps 0..10
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder skewSteps(int steps) {
      if (steps < 0 || steps > 10) {
        throw new TicketException("skew is 0..10 steps, got " + steps, null);
      }
      this.skewSteps = steps;
      return this;
    }

    /**
     * The event's master key, from which each ticket's secret is derived; default none. Gates
     * and issuers set it; holders' apps never hold it.
     *
     * @param masterKey at least 16 random bytes (copied)
     * @return this builder
     * @throws TicketException if shorter
     */
    public Builder masterKey(byte[] masterKey) {
      Objects.requireNonNull(masterKey, "masterKey");
      if (masterKey.length < MIN_MASTER_KEY) {
        throw new TicketException("a master key has at least " + MIN_MASTER_KEY + " bytes, got " + masterKey.length,
            null);
      }
      this.masterKey = masterKey.clone();
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public RotatingCode build() {
      return new RotatingCode(this);
    }
  }
}
