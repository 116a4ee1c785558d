package dev.microevent.testkit.tickets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A ready set of scans for one event, issued by a {@link FakeTicketIssuer}: {@code count} good
 * tickets ({@code T-000001}, ...), valid from an hour before {@code now} to a day after, and one of
 * each bad kind a gate must refuse. Publish {@link #issuer()}'s key on the fake plane (and revoke
 * {@link #revokedId()}) so a gate can tell them apart. Immutable and thread-safe.
 *
 * <pre>{@code
 * TicketFixtures fx = TicketFixtures.of("rooftop", 1000, clock.instant());
 * edge.tickets().publishKeys("rooftop", List.of(fx.issuer().key()));
 * edge.tickets().revoke("rooftop", fx.revokedId());
 * assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.VALID);
 * assertThat(gate.scan(fx.revoked()).kind()).isEqualTo(VerdictKind.REVOKED);
 * }</pre>
 */
public final class TicketFixtures {
  private final String event;
  private final FakeTicketIssuer issuer;
  private final List<String> valid;
  private final String revoked;
  private final String expired;
  private final String notYetValid;
  private final String otherEvent;
  private final String tampered;
  private final String unknownKey;

  private TicketFixtures(String event, int count, Instant now) {
    this.event = event;
    this.issuer = FakeTicketIssuer.generate();
    Instant from = now.minus(Duration.ofHours(1));
    Instant until = now.plus(Duration.ofDays(1));
    List<String> v = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      v.add(issuer.issue(FakeTicketIssuer.ticket(event, id(i)).window(from, until)));
    }
    this.valid = List.copyOf(v);
    this.revoked = issuer.issue(FakeTicketIssuer.ticket(event, revokedId()).window(from, until));
    this.expired = issuer.issue(FakeTicketIssuer.ticket(event, "EXPIRED-1")
        .window(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
    this.notYetValid = issuer.issue(FakeTicketIssuer.ticket(event, "LATER-1")
        .window(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2))));
    this.otherEvent = issuer.issue(FakeTicketIssuer.ticket(event.length() < 60 ? event + "-other" : "other", "T-OTHER")
        .window(from, until));
    byte[] frame = issuer.frame(FakeTicketIssuer.ticket(event, "TAMPERED-1").window(from, until));
    frame[frame.length - 1] ^= 1; // one bit of the signature
    this.tampered = "ME1:" + FakeTicketIssuer.base45(frame);
    this.unknownKey = FakeTicketIssuer.generate().issue(FakeTicketIssuer.ticket(event, "STRANGER-1").window(from, until));
  }

  /**
   * Issues the set.
   *
   * @param event the event id
   * @param count how many good tickets, 0..1,000,000
   * @param now the gate's "now": good tickets are valid around it
   * @return the fixtures
   */
  public static TicketFixtures of(String event, int count, Instant now) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(now, "now");
    if (count < 0 || count > 1_000_000) {
      throw new IllegalArgumentException("count must be 0..1,000,000, got " + count);
    }
    return new TicketFixtures(event, count, now);
  }

  /**
   * The id of the i-th good ticket.
   *
   * @param i 0-based
   * @return {@code T-000001} for 0, and so on
   */
  public static String id(int i) {
    return String.format(Locale.ROOT, "T-%06d", i + 1);
  }

  /**
   * The event.
   *
   * @return the event id every fixture is issued for
   */
  public String event() {
    return event;
  }

  /** {@return the box office that signed every fixture (but {@link #unknownKey()})} */
  public FakeTicketIssuer issuer() {
    return issuer;
  }

  /** {@return every good ticket, in id order} */
  public List<String> valid() {
    return valid;
  }

  /**
   * One good ticket.
   *
   * @param i 0-based
   * @return its text
   */
  public String valid(int i) {
    return valid.get(i);
  }

  /** {@return a good ticket whose id ({@link #revokedId()}) the test revokes} */
  public String revoked() {
    return revoked;
  }

  /** {@return the id to revoke} */
  public String revokedId() {
    return "REVOKED-1";
  }

  /** {@return a ticket whose window ended a day ago} */
  public String expired() {
    return expired;
  }

  /** {@return a ticket whose window starts in a day} */
  public String notYetValid() {
    return notYetValid;
  }

  /** {@return a ticket for another event} */
  public String otherEvent() {
    return otherEvent;
  }

  /** {@return a ticket with one character of its signature changed} */
  public String tampered() {
    return tampered;
  }

  /** {@return a ticket signed by a key no plane publishes} */
  public String unknownKey() {
    return unknownKey;
  }

  /**
   * Text that is no ticket at all.
   *
   * @return a fixed text, {@code HELLO-THIS-IS-NOT-A-TICKET}, that no scanner can read as a ticket
   */
  public String garbage() {
    return "HELLO-THIS-IS-NOT-A-TICKET";
  }

  @Override
  public String toString() {
    return "TicketFixtures{" + event + ", " + valid.size() + " good}";
  }
}
