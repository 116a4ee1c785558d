package dev.microevent.commerce.tickets;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A gate's answer to one scan: its {@link #kind()}, whether it was decided {@link #offline()},
 * the ticket if it could be read and authenticated, the key that signed it, and for {@link
 * VerdictKind#ALREADY_USED} the earlier scan. Immutable and thread-safe.
 */
public final class Verdict {
  private final VerdictKind kind;
  private final boolean offline;
  private final Instant at;
  private final GateId gate;
  private final @Nullable Ticket ticket;
  private final @Nullable KeyId keyId;
  private final @Nullable Scan previous;
  private final String detail;
  private final boolean degraded;

  private Verdict(VerdictKind kind, boolean offline, Instant at, GateId gate, @Nullable Ticket ticket,
      @Nullable KeyId keyId, @Nullable Scan previous, String detail, boolean degraded) {
    this.kind = kind;
    this.offline = offline;
    this.at = at;
    this.gate = gate;
    this.ticket = ticket;
    this.keyId = keyId;
    this.previous = previous;
    this.detail = detail;
    this.degraded = degraded;
  }

  static Verdict of(VerdictKind kind, boolean offline, Instant at, GateId gate, @Nullable Ticket ticket,
      @Nullable KeyId keyId, @Nullable Scan previous, String detail) {
    return new Verdict(kind, offline, at, gate, ticket, keyId, previous, detail, false);
  }

  /** This verdict, marked as decided while the gate was degraded. */
  Verdict withDegraded(boolean degraded) {
    return degraded == this.degraded ? this
        : new Verdict(kind, offline, at, gate, ticket, keyId, previous, detail, degraded);
  }

  /**
   * What was decided.
   *
   * @return the kind
   */
  public VerdictKind kind() {
    return kind;
  }

  /**
   * Whether the holder may enter.
   *
   * @return {@code true} only for {@link VerdictKind#VALID}
   */
  public boolean admits() {
    return kind.admits();
  }

  /**
   * Whether this was decided from this gate's own data only (its keys, lists, clock and, for
   * replays, a ledger that could not reach a shared store). An offline {@link VerdictKind#VALID}
   * cannot rule out that another offline gate admitted the same ticket at the same time.
   *
   * @return whether it was
   */
  public boolean offline() {
    return offline;
  }

  /**
   * Whether the gate was degraded when it decided: its shared ledger could not reach the shared
   * store (decisions on the local file, queued for sync) or its uplink to the edge plane was down
   * (keys and revocation lists as last pulled). Only a {@link TicketsClient} sets it; a bare
   * {@link TicketVerifier} knows no uplink and answers {@code false}.
   *
   * @return whether it was
   */
  public boolean degraded() {
    return degraded;
  }

  /**
   * When it was decided, by the verifier's clock (never before the newest server time it has
   * seen).
   *
   * @return the instant
   */
  public Instant at() {
    return at;
  }

  /**
   * The gate that decided.
   *
   * @return the gate
   */
  public GateId gate() {
    return gate;
  }

  /**
   * The ticket, once its signature checked out (so never for {@link VerdictKind#MALFORMED},
   * {@link VerdictKind#UNKNOWN_KEY} or {@link VerdictKind#BAD_SIGNATURE}).
   *
   * @return the ticket
   */
  public Optional<Ticket> ticket() {
    return Optional.ofNullable(ticket);
  }

  /**
   * The key that signed it (ours carry the id; for pretix, the key that verified).
   *
   * @return the id
   */
  public Optional<KeyId> keyId() {
    return Optional.ofNullable(keyId);
  }

  /**
   * For {@link VerdictKind#ALREADY_USED}: the earlier scan (the first entry, or the scan that
   * used this rotating code) — when and at which gate.
   *
   * @return the scan
   */
  public Optional<Scan> previous() {
    return Optional.ofNullable(previous);
  }

  /**
   * Why, in a sentence for the steward's screen and the log. Holds no key material.
   *
   * @return the detail
   */
  public String detail() {
    return detail;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Verdict v && kind == v.kind && offline == v.offline && at.equals(v.at) && gate.equals(v.gate)
        && Objects.equals(ticket, v.ticket) && Objects.equals(keyId, v.keyId) && Objects.equals(previous, v.previous)
        && detail.equals(v.detail) && degraded == v.degraded;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, offline, at, gate, ticket, keyId, previous, detail, degraded);
  }

  @Override
  public String toString() {
    return "Verdict{" + kind + (offline ? " offline" : " online") + (degraded ? " degraded" : "") + " at " + at
        + " gate " + gate
        + (ticket == null ? "" : " " + ticket.event() + "/" + ticket.id())
        + (previous == null ? "" : " previous " + previous.gate() + "@" + previous.at()) + ": " + detail + "}";
  }
}
