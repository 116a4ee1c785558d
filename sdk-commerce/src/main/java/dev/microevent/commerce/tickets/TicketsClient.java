package dev.microevent.commerce.tickets;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.internal.EdKey;
import dev.microevent.core.Criticality;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SteeringRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A gate: the one entry point for ticket scanning, built from the shared {@link
 * MicroEventClient}. A scan runs signature and key checks, the revocation and block lists, the
 * rotating code and the scan ledger ({@link TicketVerifier}), then appends the decision to the
 * audit log; the keys and revocation list come from the edge plane (pulled with ETags, signed by
 * the plane's pinned key, applied atomically, the last good ones kept when a pull fails or is
 * refused). Every answer is a {@link Verdict} that says whether it was decided {@linkplain
 * Verdict#offline() offline} and whether the gate was {@linkplain Verdict#degraded() degraded}.
 *
 * <pre>{@code
 * try (DurableScanLedger ledger = ScanLedger.redis(URI.create("redis://10.0.0.5:6379/0"), localFile);
 *      AuditLog audit = AuditLog.builder().directory(dir).logId("rooftop.north-1").signingKey(key).open();
 *      TicketsClient gate = TicketsClient.builder()
 *          .client(microEvent)                                  // shared: planes, scheduler, clock
 *          .event(EventId.of("rooftop-2026-06-13")).gate(GateId.of("north-1"))
 *          .addPlaneKey(venuePlanePublicKey)                     // pinned: documents must be signed by it
 *          .ledger(ledger).auditLog(audit)
 *          .build()) {
 *   gate.sync();                                             // keys and revocations, now
 *   Verdict v = gate.scan(scannedText);
 *   if (v.admits()) openTurnstile(); else show(v.kind(), v.detail());
 * }
 * }</pre>
 *
 * <p>Thread-safe: one client serves every scanner thread of a gate. Closing it stops the
 * background sync; the core client, the ledger and the audit log stay open (you own them).
 *
 * @see TicketVerifier
 */
public interface TicketsClient extends AutoCloseable {

  /**
   * The intent of key and revocation-list pulls: critical (a gate must learn of revocations in
   * CRITICAL_ONLY mode) and idempotent (GETs).
   */
  Intent TICKET_SYNC = Intent.of("ticket_sync", Criticality.CRITICAL, Intent.Idempotence.IDEMPOTENT);

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Scans a ticket in: verifies it, records the entry if it is admitted, and appends the decision
   * to the audit log.
   *
   * @param text the scanned text
   * @return the verdict; never an exception for any text
   * @throws TicketException only if the ledger's own file failed
   */
  Verdict scan(String text);

  /**
   * Scans a ticket out ({@link TicketVerifier#exit(String)}); exits are not audited (they admit
   * nobody).
   *
   * @param text the scanned text
   * @return the verdict; never an exception for any text
   * @throws TicketException only if the ledger's own file failed
   */
  Verdict exit(String text);

  /**
   * Checks a ticket without recording anything ({@link TicketVerifier#check(String)}).
   *
   * @param text the scanned text
   * @return the verdict
   */
  Verdict check(String text);

  /**
   * Pulls the key list and the revocation list from the edge plane now (through the core
   * client, edge first), applies what is newer and correctly signed, records ledger conflicts
   * not yet in the audit log, and says where the gate stands. Never throws for what the plane
   * answers or fails to answer: the last good keys and list stay in force.
   *
   * @return the status afterwards
   */
  GateStatus sync();

  /**
   * Where the gate stands now.
   *
   * @return the status
   */
  GateStatus status();

  /**
   * Why the ticket lists kept in the gate's store were refused when this client started, if they
   * were: a gate whose ledger has a local file ({@link DurableScanLedger}) keeps the last good
   * signed key and revocation lists there and, on start, verifies their signatures again (pinned
   * plane keys, and the plane's signed key hand-over it had followed) before deciding on them, so
   * a restart with the uplink down still admits and refuses as before. Kept lists that do not
   * verify (altered, signed by a key not trusted) or do not parse are not used: the gate starts
   * with no lists (and the builder's), counts a refused document and says why here.
   *
   * @return the refusal ({@link SteeringRejectedException#reason()} says what was wrong), or empty
   */
  Optional<SteeringRejectedException> restoreRefusal();

  /**
   * The verifier behind this gate: its keys and revocation list in force.
   *
   * @return the verifier
   */
  TicketVerifier verifier();

  /** Stops the background sync. Idempotent. */
  @Override
  void close();

  /**
   * Builds a {@link TicketsClient}. Not thread-safe. Required: {@link #client}, {@link #event},
   * {@link #gate} and at least one {@link #addPlaneKey}.
   */
  final class Builder {
    /** How often the keys and revocation list are pulled unless set. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(30);

    @Nullable MicroEventClient client;
    @Nullable EventId event;
    @Nullable GateId gate;
    final List<byte[]> planeKeys = new ArrayList<>();
    @Nullable ScanLedger ledger;
    @Nullable AuditLog audit;
    Consumer<AuditReceipt> onAudited = r -> { };
    Set<Zone> zones = Set.of();
    @Nullable RotatingCode codes;
    boolean reentryAfterExit;
    Duration tolerance = TicketVerifier.DEFAULT_CLOCK_TOLERANCE;
    PretixList pretix = PretixList.defaults();
    KeyRing keys = KeyRing.empty();
    @Nullable RevocationList revocations;
    Duration syncInterval = DEFAULT_SYNC_INTERVAL;

    private Builder() {}

    /**
     * The shared core client (required): pulls go through it (edge first, failover to central),
     * and its clock, scheduler and I/O executor are used.
     *
     * @param client the client; stays owned by the caller
     * @return this builder
     */
    public Builder client(MicroEventClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

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
     * This gate's id (required).
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder gate(GateId gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * Pins an edge-plane signing key: key lists and revocation lists are applied only when their
     * {@code Microevent-Signature} verifies with a pinned key. At least one is required; pin the
     * next key beside the current one before the venue rotates.
     *
     * @param publicKey the plane's raw 32-byte Ed25519 public key (copied)
     * @return this builder
     * @throws TicketException if the bytes are not a valid Ed25519 public key
     */
    public Builder addPlaneKey(byte[] publicKey) {
      Objects.requireNonNull(publicKey, "publicKey");
      if (EdKey.of(publicKey) == null) {
        throw new TicketException("a plane key is a valid raw 32-byte Ed25519 public key, got " + publicKey.length
            + " bytes that are not one", null);
      }
      planeKeys.add(publicKey.clone());
      return this;
    }

    /**
     * Where entries are recorded; default a new {@link ScanLedger#inMemory()}. With a {@link
     * DurableScanLedger} its mode feeds {@link Verdict#degraded()} and its conflicts are appended
     * to the audit log.
     *
     * @param ledger the ledger; stays owned by the caller
     * @return this builder
     */
    public Builder ledger(ScanLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * The audit log every scan decision and every ledger conflict is appended to (as {@link
     * AuditEntry#gateScan} and {@link AuditEntry#scanConflict} salted commitments); default none.
     *
     * @param log the log; stays owned by the caller
     * @return this builder
     */
    public Builder auditLog(AuditLog log) {
      this.audit = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * Hears each audit receipt once its entry is durable (on the log's writer thread: keep it
     * short): the opening that proves the entry, for whoever must prove it later. Default none.
     *
     * @param listener the listener; what it throws is logged and ignored
     * @return this builder
     */
    public Builder onAudited(Consumer<AuditReceipt> listener) {
      this.onAudited = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The zones this gate serves; default all ({@link TicketVerifier.Builder#zones}).
     *
     * @param zones the zones
     * @return this builder
     */
    public Builder zones(Set<Zone> zones) {
      this.zones = Set.copyOf(Objects.requireNonNull(zones, "zones"));
      return this;
    }

    /**
     * The rotating-code configuration with the event's master key; default none ({@link
     * TicketVerifier.Builder#rotatingCodes}).
     *
     * @param codes the configuration
     * @return this builder
     */
    public Builder rotatingCodes(RotatingCode codes) {
      this.codes = Objects.requireNonNull(codes, "codes");
      return this;
    }

    /**
     * Whether re-entry after an exit is free; default {@code false} ({@link
     * TicketVerifier.Builder#reentryAfterExit}).
     *
     * @param allowed whether it is
     * @return this builder
     */
    public Builder reentryAfterExit(boolean allowed) {
      this.reentryAfterExit = allowed;
      return this;
    }

    /**
     * The clock tolerance of validity windows; default 2 min ({@link
     * TicketVerifier.Builder#clockTolerance}).
     *
     * @param tolerance 0..1 h
     * @return this builder
     */
    public Builder clockTolerance(Duration tolerance) {
      this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
      return this;
    }

    /**
     * How pretix secrets are admitted; default {@link PretixList#defaults()}.
     *
     * @param pretix the list
     * @return this builder
     */
    public Builder pretix(PretixList pretix) {
      this.pretix = Objects.requireNonNull(pretix, "pretix");
      return this;
    }

    /**
     * The keys to start from until the first pull (a ring the app saved); default none.
     *
     * @param ring the ring
     * @return this builder
     */
    public Builder keys(KeyRing ring) {
      this.keys = Objects.requireNonNull(ring, "ring");
      return this;
    }

    /**
     * The revocation list to start from until the first pull; default the event's empty list.
     *
     * @param list the list
     * @return this builder
     */
    public Builder revocations(RevocationList list) {
      this.revocations = Objects.requireNonNull(list, "list");
      return this;
    }

    /**
     * How often the keys and revocation list are pulled in the background (and ledger conflicts
     * caught up in the audit log); default 30 s; {@link Duration#ZERO} for no background pulls
     * (call {@link TicketsClient#sync()}). The first background pull starts at once.
     *
     * @param interval zero, or 100 ms..1 h
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder syncInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (!interval.isZero() && (interval.compareTo(Duration.ofMillis(100)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0)) {
        throw new TicketException("the sync interval is zero or 100 ms..1 h, got " + interval, null);
      }
      this.syncInterval = interval;
      return this;
    }

    /**
     * Builds the gate and starts the background sync.
     *
     * @return the gate; close it when done
     * @throws TicketException if the client, event, gate or a plane key is missing, or a
     *     verifier option is out of range
     */
    public TicketsClient build() {
      if (client == null || event == null || gate == null) {
        throw new TicketException("a tickets client needs client(...), event(...) and gate(...)", null);
      }
      if (planeKeys.isEmpty()) {
        throw new TicketException("a tickets client needs the edge plane's public key (addPlaneKey): it applies "
            + "only key and revocation lists signed by it", null);
      }
      return new DefaultTicketsClient(this);
    }
  }
}
