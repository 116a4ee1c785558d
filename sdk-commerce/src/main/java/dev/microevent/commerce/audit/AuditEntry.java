package dev.microevent.commerce.audit;

import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.Money;
import dev.microevent.commerce.audit.internal.AuditCodec;
import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.ScanConflict;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.VerdictKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one leaf of the audit log commits to: a gate scan (event, ticket, gate, verdict, time) or
 * a checkout outcome (checkout, outcome, amount, time). The log never stores or publishes it: the
 * leaf is {@code SHA-256(salt || canonicalBytes())} with a fresh 16-byte salt, so the published
 * tree names no ticket and no checkout, and whoever holds the opening (an {@link AuditReceipt})
 * can prove the entry is in the log. Times are kept to the millisecond. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * log.appendAsync(AuditEntry.gateScan(event, verdict.ticket().id(), gate, verdict.kind(), now));
 * log.appendAsync(AuditEntry.checkoutOutcome(checkoutId, CheckoutOutcome.PAID, total, now));
 * }</pre>
 */
public final class AuditEntry {
  /** The kinds of entry. */
  public enum Kind {
    /** A ticket scanned at a gate, with the gate's verdict. */
    GATE_SCAN,
    /** The definite outcome of a checkout. */
    CHECKOUT_OUTCOME,
    /**
     * A ticket admitted at two gates while they could not see each other (a {@link ScanConflict}
     * found when the scan ledger synced).
     */
    SCAN_CONFLICT
  }

  /** The earliest time an entry may carry (so every time has a plain ISO-8601 form). */
  public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  /** The latest time an entry may carry. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private final Kind kind;
  private final Instant at;
  private final @Nullable EventId event;
  private final @Nullable TicketId ticket;
  private final @Nullable GateId gate;
  private final @Nullable VerdictKind verdict;
  private final @Nullable CheckoutId checkout;
  private final @Nullable CheckoutOutcome outcome;
  private final @Nullable Money amount;
  private final ScanConflict.@Nullable Kind conflict;
  private final @Nullable GateId keptGate;
  private final @Nullable Instant keptAt;
  private final @Nullable Instant scannedAt;
  private final byte[] canonical;

  private AuditEntry(Kind kind, Instant at, @Nullable EventId event, @Nullable TicketId ticket, @Nullable GateId gate,
      @Nullable VerdictKind verdict, @Nullable CheckoutId checkout, @Nullable CheckoutOutcome outcome,
      @Nullable Money amount) {
    this(kind, at, event, ticket, gate, verdict, checkout, outcome, amount, null, null, null, null);
  }

  private AuditEntry(Kind kind, Instant at, @Nullable EventId event, @Nullable TicketId ticket, @Nullable GateId gate,
      @Nullable VerdictKind verdict, @Nullable CheckoutId checkout, @Nullable CheckoutOutcome outcome,
      @Nullable Money amount, ScanConflict.@Nullable Kind conflict, @Nullable GateId keptGate,
      @Nullable Instant keptAt, @Nullable Instant scannedAt) {
    this.kind = kind;
    this.at = at;
    this.event = event;
    this.ticket = ticket;
    this.gate = gate;
    this.verdict = verdict;
    this.checkout = checkout;
    this.outcome = outcome;
    this.amount = amount;
    this.conflict = conflict;
    this.keptGate = keptGate;
    this.keptAt = keptAt;
    this.scannedAt = scannedAt;
    this.canonical = AuditCodec.canonical(this);
  }

  /**
   * A scan at a gate.
   *
   * @param event the event the ticket is for
   * @param ticket the ticket
   * @param gate the gate that scanned it
   * @param verdict what the gate decided
   * @param at when, by the gate's clock (kept to the millisecond)
   * @return the entry
   * @throws AuditException ({@link AuditException.Reason#OUT_OF_RANGE}) if the time is outside
   *     years 0000..9999
   */
  public static AuditEntry gateScan(EventId event, TicketId ticket, GateId gate, VerdictKind verdict, Instant at) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(verdict, "verdict");
    return new AuditEntry(Kind.GATE_SCAN, time(at), event, ticket, gate, verdict, null, null, null);
  }

  /**
   * The outcome of a checkout.
   *
   * @param checkout the checkout (its idempotency key)
   * @param outcome paid, failed or unknown
   * @param amount the amount charged, or that would have been
   * @param at when the outcome was known (kept to the millisecond)
   * @return the entry
   * @throws AuditException ({@link AuditException.Reason#OUT_OF_RANGE}) if the time is outside
   *     years 0000..9999
   */
  public static AuditEntry checkoutOutcome(CheckoutId checkout, CheckoutOutcome outcome, Money amount, Instant at) {
    Objects.requireNonNull(checkout, "checkout");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(amount, "amount");
    return new AuditEntry(Kind.CHECKOUT_OUTCOME, time(at), null, null, null, null, checkout, outcome, amount);
  }

  /**
   * A double admit the scan ledger found: the ticket, the scan the shared store kept as first and
   * this gate's scan that was admitted as well.
   *
   * @param event the event the ticket is for
   * @param conflict what collided, as the ledger reported it
   * @param detectedAt when the conflict was found (the entry's time); scans keep their own times
   * @return the entry (times kept to the millisecond)
   * @throws AuditException ({@link AuditException.Reason#OUT_OF_RANGE}) if a time is outside
   *     years 0000..9999
   */
  public static AuditEntry scanConflict(EventId event, ScanConflict conflict, Instant detectedAt) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(conflict, "conflict");
    return scanConflict(event, conflict.ticket(), conflict.kind(), conflict.kept().gate(), conflict.kept().at(),
        conflict.collided().gate(), conflict.collided().at(), detectedAt);
  }

  /**
   * A double admit, from its parts (as an opening document carries them).
   *
   * @param event the event
   * @param ticket the ticket
   * @param conflict what collided
   * @param keptGate the gate whose scan the shared store kept as first
   * @param keptAt when that scan happened
   * @param gate the gate whose scan was admitted as well
   * @param scannedAt when that scan happened
   * @param detectedAt when the conflict was found
   * @return the entry
   * @throws AuditException ({@link AuditException.Reason#OUT_OF_RANGE}) if a time is outside
   *     years 0000..9999
   */
  public static AuditEntry scanConflict(EventId event, TicketId ticket, ScanConflict.Kind conflict, GateId keptGate,
      Instant keptAt, GateId gate, Instant scannedAt, Instant detectedAt) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(conflict, "conflict");
    Objects.requireNonNull(keptGate, "keptGate");
    Objects.requireNonNull(gate, "gate");
    return new AuditEntry(Kind.SCAN_CONFLICT, time(detectedAt), event, ticket, gate, null, null, null, null, conflict,
        keptGate, time(keptAt), time(scannedAt));
  }

  private static Instant time(Instant at) {
    Objects.requireNonNull(at, "at");
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new AuditException(AuditException.Reason.OUT_OF_RANGE,
          "an audit entry's time must be within years 0000..9999, got " + at, null);
    }
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The kind of entry.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * When it happened, to the millisecond.
   *
   * @return the instant
   */
  public Instant at() {
    return at;
  }

  /**
   * A gate scan's (or scan conflict's) event.
   *
   * @return the event, empty for a checkout outcome
   */
  public Optional<EventId> event() {
    return Optional.ofNullable(event);
  }

  /**
   * A gate scan's (or scan conflict's) ticket.
   *
   * @return the ticket, empty for a checkout outcome
   */
  public Optional<TicketId> ticket() {
    return Optional.ofNullable(ticket);
  }

  /**
   * A gate scan's gate (a scan conflict's: the gate whose scan was admitted second).
   *
   * @return the gate, empty for a checkout outcome
   */
  public Optional<GateId> gate() {
    return Optional.ofNullable(gate);
  }

  /**
   * A gate scan's verdict.
   *
   * @return the verdict, empty for a checkout outcome
   */
  public Optional<VerdictKind> verdict() {
    return Optional.ofNullable(verdict);
  }

  /**
   * A scan conflict's kind: what collided.
   *
   * @return the kind, empty for other entries
   */
  public Optional<ScanConflict.Kind> conflict() {
    return Optional.ofNullable(conflict);
  }

  /**
   * A scan conflict's first scan: the gate the shared store kept it from.
   *
   * @return the gate, empty for other entries
   */
  public Optional<GateId> keptGate() {
    return Optional.ofNullable(keptGate);
  }

  /**
   * A scan conflict's first scan: when it happened (to the millisecond).
   *
   * @return the instant, empty for other entries
   */
  public Optional<Instant> keptAt() {
    return Optional.ofNullable(keptAt);
  }

  /**
   * A scan conflict's second admit: when it happened at {@link #gate()} (to the millisecond).
   *
   * @return the instant, empty for other entries
   */
  public Optional<Instant> scannedAt() {
    return Optional.ofNullable(scannedAt);
  }

  /**
   * A checkout outcome's checkout.
   *
   * @return the checkout, empty for a gate scan
   */
  public Optional<CheckoutId> checkout() {
    return Optional.ofNullable(checkout);
  }

  /**
   * A checkout outcome's outcome.
   *
   * @return the outcome, empty for a gate scan
   */
  public Optional<CheckoutOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  /**
   * A checkout outcome's amount.
   *
   * @return the amount, empty for a gate scan
   */
  public Optional<Money> amount() {
    return Optional.ofNullable(amount);
  }

  /**
   * The bytes the leaf commits to (with the salt in front): version {@code 0x01}, the kind
   * ({@code 0x01} gate scan, {@code 0x02} checkout outcome, {@code 0x03} scan conflict), the time
   * as a signed 64-bit big-endian count of milliseconds since the epoch, then each field as one
   * length byte and its ASCII characters (gate scan: event, ticket, gate, verdict name; checkout
   * outcome: checkout id, outcome name, then the amount in minor units as a signed 64-bit
   * big-endian integer and the ISO 4217 currency code; scan conflict: event, ticket, conflict kind
   * name, kept gate, gate, then the kept scan's and this gate's scan's times as signed 64-bit
   * big-endian milliseconds). One entry has exactly one encoding.
   *
   * @return a copy of the bytes
   */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AuditEntry e && Arrays.equals(canonical, e.canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case GATE_SCAN -> "gate scan of " + ticket + " (" + event + ") at " + gate + ": " + verdict + ", " + at;
      case CHECKOUT_OUTCOME -> "checkout " + checkout + ": " + outcome + ", " + amount + ", " + at;
      case SCAN_CONFLICT -> "scan conflict (" + conflict + ") of " + ticket + " (" + event + "): kept " + keptGate
          + "@" + keptAt + ", also " + gate + "@" + scannedAt + ", found " + at;
    };
  }
}
