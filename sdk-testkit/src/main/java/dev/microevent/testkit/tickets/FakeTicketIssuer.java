package dev.microevent.testkit.tickets;

import dev.microevent.testkit.TicketDocuments;
import dev.microevent.testkit.internal.Ed25519Keys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A fake box office: issues {@code ME1} tickets (version 1 frame, Base45, Ed25519) as {@code
 * docs/tickets.md} documents them, signed with its own key on the JDK's Ed25519 provider. It does
 * not issue rotating tickets (use the SDK's {@code TicketIssuer} for those). Thread-safe.
 *
 * <pre>{@code
 * FakeTicketIssuer boxOffice = FakeTicketIssuer.generate();
 * edge.tickets().publishKeys("rooftop", List.of(boxOffice.key()));
 * String qr = boxOffice.issue(FakeTicketIssuer.ticket("rooftop", "T-1").zone("FLOOR"));
 * }</pre>
 */
public final class FakeTicketIssuer {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]*");
  private static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  private final Ed25519Keys keys;

  private FakeTicketIssuer(Ed25519Keys keys) {
    this.keys = keys;
  }

  /**
   * An issuer with a fresh key.
   *
   * @return the issuer
   */
  public static FakeTicketIssuer generate() {
    return new FakeTicketIssuer(Ed25519Keys.generate());
  }

  /**
   * Starts a ticket: one entry, every zone, no window.
   *
   * @param event the event id
   * @param id the ticket id
   * @return the ticket
   */
  public static Spec ticket(String event, String id) {
    return new Spec(event, id, "", "", null, null, 1);
  }

  /** {@return the issuer's raw 32-byte public key} */
  public byte[] publicKey() {
    return keys.publicKey();
  }

  /** {@return the issuer's key id, as tickets carry it: 16 hex digits} */
  public String keyId() {
    return keys.kid();
  }

  /** {@return the issuer's key as a fake plane publishes it} */
  public TicketDocuments.Key key() {
    return TicketDocuments.key(keys.publicKey());
  }

  /**
   * Issues a ticket.
   *
   * @param t the ticket
   * @return its text, {@code ME1:} + Base45
   */
  public String issue(Spec t) {
    return "ME1:" + base45(frame(t));
  }

  /** The signed frame of a ticket. */
  byte[] frame(Spec t) {
    Objects.requireNonNull(t, "t");
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(0);
    put(payload, t.validFrom() == null ? 0 : t.validFrom().getEpochSecond(), 4);
    put(payload, t.validUntil() == null ? 0 : t.validUntil().getEpochSecond(), 4);
    put(payload, t.entries(), 2);
    for (String s : new String[] {t.event(), t.id(), t.zone(), t.tier()}) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      payload.write(b.length);
      payload.writeBytes(b);
    }
    byte[] p = payload.toByteArray();
    if (p.length > 255) {
      throw new IllegalArgumentException("the ticket's payload is " + p.length + " bytes, more than a frame holds (255)");
    }
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(1);
    frame.writeBytes(HexFormat.of().parseHex(keys.kid()));
    frame.write(p.length);
    frame.writeBytes(p);
    byte[] signed = frame.toByteArray();
    frame.writeBytes(keys.sign(signed));
    return frame.toByteArray();
  }

  private static void put(ByteArrayOutputStream out, long v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  /** RFC 9285: every two bytes become three characters, a last single byte two. */
  static String base45(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 3 / 2 + 2);
    for (int i = 0; i < b.length; i += 2) {
      int n = i + 1 < b.length ? (b[i] & 0xff) * 256 + (b[i + 1] & 0xff) : b[i] & 0xff;
      int digits = i + 1 < b.length ? 3 : 2;
      for (int d = 0; d < digits; d++) {
        sb.append(BASE45.charAt(n % 45));
        n /= 45;
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "FakeTicketIssuer{key " + keys.kid() + "}";
  }

  /**
   * What a ticket says. Immutable; each {@code withX} returns a copy.
   *
   * @param event the event id
   * @param id the ticket id
   * @param zone the zone, empty for every zone
   * @param tier the tier, empty for none
   * @param validFrom from when, or {@code null}
   * @param validUntil until when, or {@code null}
   * @param entries entries allowed, 1..65535
   */
  public record Spec(String event, String id, String zone, String tier, @Nullable Instant validFrom,
      @Nullable Instant validUntil, int entries) {

    /**
     * Validates the parts against the frame's rules.
     *
     * @param event the event id
     * @param id the ticket id
     * @param zone the zone, empty for every zone
     * @param tier the tier, empty for none
     * @param validFrom from when, or {@code null}
     * @param validUntil until when, or {@code null}
     * @param entries entries allowed, 1..65535
     * @throws IllegalArgumentException if {@code event} or {@code id} is not 1..64, or {@code zone}
     *     or {@code tier} not 0..32, characters of {@code [A-Za-z0-9._-]}, {@code entries} is
     *     outside 1..65535, or a validity time is outside 1970..2106
     */
    public Spec {
      check(event, 1, 64, "event");
      check(id, 1, 64, "id");
      check(zone, 0, 32, "zone");
      check(tier, 0, 32, "tier");
      if (entries < 1 || entries > 65_535) {
        throw new IllegalArgumentException("entries must be 1..65535, got " + entries);
      }
      if (outOfFrame(validFrom) || outOfFrame(validUntil)) {
        throw new IllegalArgumentException("validity times must be within 1970..2106");
      }
    }

    private static boolean outOfFrame(@Nullable Instant t) {
      return t != null && (t.getEpochSecond() < 1 || t.getEpochSecond() > 0xffffffffL);
    }

    private static void check(String s, int min, int max, String what) {
      Objects.requireNonNull(s, what);
      if (s.length() < min || s.length() > max || !TOKEN.matcher(s).matches()) {
        throw new IllegalArgumentException(what + " must be " + min + ".." + max + " characters of [A-Za-z0-9._-], got '"
            + s + "'");
      }
    }

    /**
     * This ticket for one zone.
     *
     * @param zone the zone
     * @return a copy
     */
    public Spec zone(String zone) {
      return new Spec(event, id, zone, tier, validFrom, validUntil, entries);
    }

    /**
     * This ticket with a tier.
     *
     * @param tier the tier
     * @return a copy
     */
    public Spec tier(String tier) {
      return new Spec(event, id, zone, tier, validFrom, validUntil, entries);
    }

    /**
     * This ticket valid within a window (seconds are kept).
     *
     * @param from from when, or {@code null}
     * @param until until when, or {@code null}
     * @return a copy
     */
    public Spec window(@Nullable Instant from, @Nullable Instant until) {
      return new Spec(event, id, zone, tier, from, until, entries);
    }

    /**
     * This ticket with several entries.
     *
     * @param entries 1..65535
     * @return a copy
     */
    public Spec entries(int entries) {
      return new Spec(event, id, zone, tier, validFrom, validUntil, entries);
    }
  }
}
