package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.PretixSecret;
import dev.microevent.commerce.tickets.internal.TicketFrame;
import dev.microevent.commerce.tickets.internal.TicketText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate's ticket check: reads a scanned text (our {@code ME1} tickets, and pretix {@code
 * pretix_sig1} secrets when the ring holds pretix keys), checks it against its keys, lists,
 * clock and ledger, and answers with a {@link Verdict} — for any text, never an exception. All of
 * it works offline; the keys and the revocation list are immutable snapshots the app (and, in a
 * later release, the edge sync) swaps atomically while scans go on.
 *
 * <pre>{@code
 * TicketVerifier gate = TicketVerifier.builder()
 *     .event(EventId.of("rooftop-2026-06-13"))
 *     .gate(GateId.of("north-1"))
 *     .keys(KeyRing.builder().key(TicketKey.ed25519(boxOfficePublicKey)).build())
 *     .build();
 * Verdict v = gate.verify(scannedText);
 * if (v.admits()) openTurnstile(); else show(v.kind(), v.detail());
 * }</pre>
 *
 * <p>Thread-safe: one verifier serves every scanner thread of a gate. The builder is not.
 */
public final class TicketVerifier {
  private static final Logger log = LoggerFactory.getLogger(TicketVerifier.class);

  /** The clock tolerance unless set. */
  public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofMinutes(2);

  private record State(KeyRing ring, RevocationList list, @Nullable Instant floor) {
    State withList(RevocationList next) {
      Instant issued = next.issuedAt().orElse(null);
      Instant f = floor == null || (issued != null && issued.isAfter(floor)) ? issued : floor;
      return new State(ring, next, f);
    }
  }

  private final EventId event;
  private final GateId gate;
  private final Set<Zone> zones;
  private final ScanLedger ledger;
  private final Clock clock;
  private final Duration tolerance;
  private final @Nullable RotatingCode codes;
  private final PretixList pretix;
  private final boolean reentryAfterExit;
  /** Read lock-free by scans; written only under this object's lock, whole. */
  private volatile State state;

  private TicketVerifier(Builder b, EventId event, GateId gate, RevocationList list) {
    this.event = event;
    this.gate = gate;
    this.zones = Set.copyOf(b.zones);
    this.ledger = b.ledger == null ? ScanLedger.inMemory() : b.ledger;
    this.clock = b.clock;
    this.tolerance = b.tolerance;
    this.codes = b.codes;
    this.pretix = b.pretix;
    this.reentryAfterExit = b.reentryAfterExit;
    this.state = new State(b.ring, RevocationList.empty(event), null).withList(list);
  }

  /**
   * Starts a verifier.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a scan and, if every check passes, records the entry (and the rotating code) in the
   * ledger: {@link VerdictKind#VALID} means "let them in".
   *
   * @param text the scanned text, as the scanner delivered it (a trailing CR/LF is ignored)
   * @return the verdict; never {@code null}, never an exception for any text
   * @throws TicketException only if the ledger itself failed (a ledger must not throw)
   */
  public Verdict verify(String text) {
    return run(Objects.requireNonNull(text, "text"), Purpose.ENTRY);
  }

  /**
   * Records an exit, for gates that scan people out (with {@link
   * Builder#reentryAfterExit(boolean)}, the next entry is then free): the ticket must read and
   * authenticate and be for this event ({@link VerdictKind#MALFORMED}, {@link
   * VerdictKind#UNKNOWN_KEY}, {@link VerdictKind#BAD_SIGNATURE}, {@link VerdictKind#WRONG_EVENT}
   * otherwise); revocation, validity window, zone and rotating code are not checked (nobody is
   * kept in). {@link VerdictKind#VALID} means the exit was recorded.
   *
   * @param text the scanned text
   * @return the verdict; never an exception for any text
   * @throws TicketException only if the ledger itself failed
   */
  public Verdict exit(String text) {
    return run(Objects.requireNonNull(text, "text"), Purpose.EXIT);
  }

  /**
   * Checks a scan without touching the ledger: for showing a ticket's details or a "would it
   * pass" check. A {@link VerdictKind#VALID} here records nothing and says nothing about entries
   * already used.
   *
   * @param text the scanned text
   * @return the verdict; never an exception for any text
   */
  public Verdict check(String text) {
    return run(Objects.requireNonNull(text, "text"), Purpose.CHECK);
  }

  /** What a scan is for. */
  private enum Purpose { CHECK, ENTRY, EXIT }

  /**
   * Swaps in a new key ring; scans in progress finish with the old one.
   *
   * @param ring the ring
   */
  public synchronized void keys(KeyRing ring) {
    Objects.requireNonNull(ring, "ring");
    State s = state;
    state = new State(ring, s.list(), s.floor());
  }

  /**
   * The key ring in use.
   *
   * @return the ring
   */
  public KeyRing keys() {
    return state.ring();
  }

  /**
   * Swaps in a revocation list (any version: for restoring a saved list; updates go through
   * {@link #update(String)}).
   *
   * @param list the list
   * @throws TicketException if it is for another event
   */
  public synchronized void revocations(RevocationList list) {
    Objects.requireNonNull(list, "list");
    requireEvent(list.event());
    state = state.withList(list);
  }

  /**
   * The revocation list in use.
   *
   * @return the list
   */
  public RevocationList revocations() {
    return state.list();
  }

  /**
   * Applies a revocation document (a newer full list, or a delta from the version in use),
   * atomically: scans see the old list or the new one, never a mix.
   *
   * @param document the JSON text
   * @return the list now in use
   * @throws RevocationListException if it was refused; the list in use is unchanged
   */
  public synchronized RevocationList update(String document) {
    Objects.requireNonNull(document, "document");
    RevocationList next = state.list().update(document);
    state = state.withList(next);
    return next;
  }

  private void requireEvent(EventId other) {
    if (!event.equals(other)) {
      throw new TicketException("this verifier serves event " + event + ", not " + other, null);
    }
  }

  private Verdict run(String text, Purpose purpose) {
    State s = state;
    Instant now = clock.instant();
    Instant floor = s.floor();
    if (floor != null && now.isBefore(floor)) {
      now = floor;
    }
    Verdict v;
    if (TicketText.claims(text)) {
      v = ours(text, s, now, purpose);
    } else if (!s.ring().pretixKeys().isEmpty()) {
      v = pretix(text, s, now, purpose);
    } else {
      v = refuse(VerdictKind.MALFORMED, now, null, null, "not a ticket: no known format");
    }
    if (log.isDebugEnabled()) {
      log.debug("gate {}: {} ({})", gate, v.kind(), v.detail());
    }
    return v;
  }

  private Verdict ours(String text, State s, Instant now, Purpose purpose) {
    TicketText.Parsed parsed = TicketText.parse(text);
    if (parsed == null) {
      return refuse(VerdictKind.MALFORMED, now, null, null, "not a well-formed ticket text");
    }
    TicketFrame f = TicketFrame.decode(parsed.frame);
    if (f == null) {
      return refuse(VerdictKind.MALFORMED, now, null, null, "not a well-formed version 1 ticket frame");
    }
    KeyId kid = new KeyId(f.keyId);
    TicketKey key = s.ring().lookup(kid);
    if (key == null || key.format() != TicketFormat.MICROEVENT_V1) {
      return refuse(VerdictKind.UNKNOWN_KEY, now, null, kid, "signed by key " + kid + ", which this gate does not hold");
    }
    if (!key.acceptedAt(now, s.ring().grace())) {
      return refuse(VerdictKind.UNKNOWN_KEY, now, null, kid, notAccepted(key, s.ring().grace()));
    }
    if (!key.edKey().verify(f.bytes, f.signedLength, f.bytes, 0, f.signedLength)) {
      return refuse(VerdictKind.BAD_SIGNATURE, now, null, kid, "the signature does not match: forged or altered");
    }
    Ticket t;
    try {
      t = Ticket.builder()
          .event(EventId.of(f.event))
          .id(TicketId.of(f.ticket))
          .zone(f.zone.isEmpty() ? null : Zone.of(f.zone))
          .tier(f.tier.isEmpty() ? null : f.tier)
          .validFrom(f.validFrom == 0 ? null : Instant.ofEpochSecond(f.validFrom))
          .validUntil(f.validUntil == 0 ? null : Instant.ofEpochSecond(f.validUntil))
          .entries(f.entries)
          .rotating(f.rotating())
          .build();
    } catch (TicketException e) {
      return refuse(VerdictKind.MALFORMED, now, null, kid, "signed, but its values break the rules: " + e.getMessage());
    }
    boolean zoneOk = zones.isEmpty() || t.zone().map(zones::contains).orElse(true);
    return authentic(t, kid, t.event().equals(event), zoneOk, parsed.code, s, now, purpose);
  }

  private Verdict pretix(String text, State s, Instant now, Purpose purpose) {
    PretixSecret p = PretixSecret.decode(text);
    if (p == null) {
      return refuse(VerdictKind.MALFORMED, now, null, null, "not a ticket: neither ours nor a pretix_sig1 secret");
    }
    boolean anyAccepted = false;
    TicketKey signer = null;
    for (TicketKey k : s.ring().pretixKeys()) {
      if (k.acceptedAt(now, s.ring().grace())) {
        anyAccepted = true;
        if (k.edKey().verify(p.frame, p.signatureOffset, p.frame, p.payloadOffset, p.payloadLength)) {
          signer = k;
          break;
        }
      }
    }
    if (!anyAccepted) {
      return refuse(VerdictKind.UNKNOWN_KEY, now, null, null, "no pretix key of this gate is valid now");
    }
    if (signer == null) {
      return refuse(VerdictKind.BAD_SIGNATURE, now, null, null, "no valid pretix key signed this secret");
    }
    String tier = "item-" + p.item + (p.variation == 0 ? "" : "." + p.variation);
    Ticket t = Ticket.builder()
        .format(TicketFormat.PRETIX_SIG1)
        .event(event)
        .id(TicketId.of(p.seed))
        .tier(tier.length() <= TicketIds.MAX_LABEL ? tier : null)
        .validFrom(p.validFrom == 0 ? null : Instant.ofEpochSecond(p.validFrom))
        .validUntil(p.validUntil == 0 ? null : Instant.ofEpochSecond(p.validUntil))
        .entries(pretix.entries())
        .build();
    boolean subeventOk = pretix.subevent() == 0 || p.subevent == pretix.subevent();
    boolean itemOk = pretix.items().isEmpty() || pretix.items().contains(p.item);
    return authentic(t, signer.id(), subeventOk, itemOk, null, s, now, purpose);
  }

  /** The checks after the signature, shared by every format. */
  private Verdict authentic(Ticket t, KeyId kid, boolean eventOk, boolean zoneOk, @Nullable String code, State s,
      Instant now, Purpose purpose) {
    if (!eventOk) {
      return refuse(VerdictKind.WRONG_EVENT, now, t, kid, t.format() == TicketFormat.PRETIX_SIG1
          ? "for another pretix subevent" : "for event " + t.event() + "; this gate serves " + event);
    }
    if (purpose == Purpose.EXIT) {
      return recordExit(t, kid, now);
    }
    if (s.list().isRevoked(t.id())) {
      return refuse(VerdictKind.REVOKED, now, t, kid, "revoked (list version " + s.list().version() + ")");
    }
    if (s.list().isBlocked(t.id())) {
      return refuse(VerdictKind.BLOCKED, now, t, kid, "blocked (list version " + s.list().version() + ")");
    }
    Instant from = t.validFrom().orElse(null);
    if (from != null && now.plus(tolerance).isBefore(from)) {
      return refuse(VerdictKind.NOT_YET_VALID, now, t, kid, "valid from " + from);
    }
    Instant until = t.validUntil().orElse(null);
    if (until != null && !now.minus(tolerance).isBefore(until)) {
      return refuse(VerdictKind.EXPIRED, now, t, kid, "expired at " + until);
    }
    if (!zoneOk) {
      return refuse(VerdictKind.WRONG_ZONE, now, t, kid, t.format() == TicketFormat.PRETIX_SIG1
          ? "a product this gate does not admit" : "for zone " + t.zone().orElse(null) + "; this gate serves " + zones);
    }
    long step = -1;
    RotatingCode rc = codes;
    if (t.rotating()) {
      if (rc == null || !rc.hasMasterKey()) {
        return refuse(VerdictKind.UNKNOWN_KEY, now, t, kid, "a rotating ticket, but this gate holds no master key");
      }
      if (code == null) {
        return refuse(VerdictKind.STALE_CODE, now, t, kid, "shown without its rotating code (a screenshot or print?)");
      }
      step = rc.matchingStep(rc.secretFor(t), code, now);
      if (step < 0) {
        return refuse(VerdictKind.STALE_CODE, now, t, kid, "the rotating code is not current (a screenshot, or the "
            + "phone's clock is off by more than " + rc.skewSteps() + " step(s) of " + rc.step().toSeconds() + " s)");
      }
    } else if (code != null) {
      return refuse(VerdictKind.MALFORMED, now, t, kid, "a code came with a ticket that does not rotate");
    }
    if (purpose == Purpose.CHECK) {
      return Verdict.of(VerdictKind.VALID, true, now, gate, t, kid, null, "valid (checked, not recorded)");
    }
    Scan scan = new Scan(gate, now);
    boolean offline = false;
    try {
      if (rc != null && step >= 0) {
        ScanLedger.Claim c = ledger.claimCode(t.id(), step, rc.lastAccepted(step), scan);
        if (!c.granted()) {
          return Verdict.of(VerdictKind.ALREADY_USED, c.offline(), now, gate, t, kid, c.previous(),
              "this rotating code was already used" + where(c.previous()));
        }
        offline = c.offline();
      }
      ScanLedger.Claim c = ledger.claimEntry(t.id(), new EntryRules(t.entries(), reentryAfterExit), scan);
      if (!c.granted()) {
        return Verdict.of(VerdictKind.ALREADY_USED, c.offline(), now, gate, t, kid, c.previous(),
            (t.entries() == 1 ? "already used" : "all " + t.entries() + " entries used") + where(c.previous()));
      }
      offline = offline || c.offline();
    } catch (RuntimeException e) {
      throw ledgerFailed(e);
    }
    return Verdict.of(VerdictKind.VALID, offline, now, gate, t, kid, null, "valid");
  }

  private Verdict recordExit(Ticket t, KeyId kid, Instant now) {
    ScanLedger.Claim c;
    try {
      c = ledger.claimExit(t.id(), new Scan(gate, now));
    } catch (RuntimeException e) {
      throw ledgerFailed(e);
    }
    return Verdict.of(VerdictKind.VALID, c.offline(), now, gate, t, kid, null, "exit recorded");
  }

  private static TicketException ledgerFailed(RuntimeException e) {
    return e instanceof TicketException t ? t
        : new TicketException("the scan ledger failed (a ledger must answer, not throw): " + e, e);
  }

  private static String where(@Nullable Scan previous) {
    return previous == null ? "" : ": first at gate " + previous.gate() + " at " + previous.at();
  }

  private static String notAccepted(TicketKey key, Duration grace) {
    if (key.retiredAt().isPresent()) {
      return "key " + key.id() + " was retired at " + key.retiredAt().get() + " and its grace of " + grace
          + " has ended";
    }
    return "key " + key.id() + " is not active before " + key.activeFrom().orElse(null);
  }

  private Verdict refuse(VerdictKind kind, Instant now, @Nullable Ticket t, @Nullable KeyId kid, String detail) {
    return Verdict.of(kind, true, now, gate, t, kid, null, detail);
  }

  @Override
  public String toString() {
    return "TicketVerifier{event=" + event + ", gate=" + gate + ", zones=" + zones + "}";
  }

  /** Builds a {@link TicketVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable EventId event;
    private @Nullable GateId gate;
    private Set<Zone> zones = Set.of();
    private KeyRing ring = KeyRing.empty();
    private @Nullable RevocationList list;
    private @Nullable ScanLedger ledger;
    private Clock clock = Clock.systemUTC();
    private Duration tolerance = DEFAULT_CLOCK_TOLERANCE;
    private @Nullable RotatingCode codes;
    private PretixList pretix = PretixList.defaults();
    private boolean reentryAfterExit;

    private Builder() {}

    /**
     * The event this gate admits to (required).
     *
     * @param event the event
     * @return this builder
     */
    public Builder event(EventId event) {
      this.event = Objects.requireNonNull(event, "event");
      return this;
    }

    /**
     * This gate's id, recorded with every entry (required).
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder gate(GateId gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * The zones this gate serves; default all. Tickets of other zones are {@link
     * VerdictKind#WRONG_ZONE}; tickets without a zone pass everywhere.
     *
     * @param zones the zones (copied)
     * @return this builder
     */
    public Builder zones(Set<Zone> zones) {
      this.zones = Set.copyOf(Objects.requireNonNull(zones, "zones"));
      return this;
    }

    /**
     * The keys accepted; default none (every ticket is {@link VerdictKind#UNKNOWN_KEY}). Swap
     * later with {@link TicketVerifier#keys(KeyRing)}.
     *
     * @param ring the ring
     * @return this builder
     */
    public Builder keys(KeyRing ring) {
      this.ring = Objects.requireNonNull(ring, "ring");
      return this;
    }

    /**
     * The revocation list to start from; default the event's empty list (version 0).
     *
     * @param list the list, for this builder's event
     * @return this builder
     */
    public Builder revocations(RevocationList list) {
      this.list = Objects.requireNonNull(list, "list");
      return this;
    }

    /**
     * Where entries and rotating codes are recorded; default a new {@link
     * ScanLedger#inMemory()} (one gate). Gates sharing a ledger never admit a ticket more often
     * than it allows.
     *
     * @param ledger the ledger (not closed by the verifier)
     * @return this builder
     */
    public Builder ledger(ScanLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * The clock; default {@link Clock#systemUTC()}. Tests pass a fixed or mutable clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How far this gate's clock may be off when checking validity windows; default 2 min. A
     * ticket is refused as {@link VerdictKind#NOT_YET_VALID} only when now + tolerance is before
     * its start, and as {@link VerdictKind#EXPIRED} only when now - tolerance is at or after its
     * end.
     *
     * @param tolerance 0..1 h
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder clockTolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance");
      if (tolerance.isNegative() || tolerance.compareTo(Duration.ofHours(1)) > 0) {
        throw new TicketException("clock tolerance is 0..1 h, got " + tolerance, null);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * The rotating-code configuration, with the event's master key; default none (rotating
     * tickets are then {@link VerdictKind#UNKNOWN_KEY}).
     *
     * @param codes the configuration
     * @return this builder
     * @throws TicketException if it holds no master key
     */
    public Builder rotatingCodes(RotatingCode codes) {
      Objects.requireNonNull(codes, "codes");
      if (!codes.hasMasterKey()) {
        throw new TicketException("a gate derives tickets' secrets: its rotating-code configuration needs the "
            + "master key", null);
      }
      this.codes = codes;
      return this;
    }

    /**
     * How pretix secrets are admitted; default {@link PretixList#defaults()}. pretix secrets are
     * read only when the key ring holds {@link TicketFormat#PRETIX_SIG1} keys.
     *
     * @param pretix the list
     * @return this builder
     */
    public Builder pretix(PretixList pretix) {
      this.pretix = Objects.requireNonNull(pretix, "pretix");
      return this;
    }

    /**
     * Whether a ticket whose last scan was an {@link TicketVerifier#exit(String) exit} may enter
     * again without using one of its entries (pretix's "allow re-entering after an exit scan");
     * default {@code false}: every entry uses one. Only matters where exits are scanned; every
     * gate of an event should agree.
     *
     * @param allowed whether re-entry after exit is free
     * @return this builder
     */
    public Builder reentryAfterExit(boolean allowed) {
      this.reentryAfterExit = allowed;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws TicketException if the event or gate is missing, or the revocation list is for
     *     another event
     */
    public TicketVerifier build() {
      if (event == null || gate == null) {
        throw new TicketException("a verifier needs an event and a gate (set both on the builder)", null);
      }
      RevocationList l = list == null ? RevocationList.empty(event) : list;
      if (!l.event().equals(event)) {
        throw new TicketException("the revocation list is for event " + l.event() + ", the verifier for " + event,
            null);
      }
      return new TicketVerifier(this, event, gate, l);
    }
  }
}
