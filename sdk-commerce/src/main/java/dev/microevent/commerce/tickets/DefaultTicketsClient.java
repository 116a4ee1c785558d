package dev.microevent.commerce.tickets;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditException;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.internal.EdKey;
import dev.microevent.commerce.tickets.internal.MalformedDocumentException;
import dev.microevent.commerce.tickets.internal.KeyListDocument;
import dev.microevent.commerce.tickets.internal.RevocationDocument;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.SteeringRejectedException;
import dev.microevent.core.internal.Periodic;
import dev.microevent.core.spi.SteeringKey;
import dev.microevent.core.spi.SteeringSignature;
import dev.microevent.core.spi.SteeringVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate behind {@link TicketsClient}: a {@link TicketVerifier} whose keys and revocation list
 * are pulled from the edge plane (signed, checked against the pinned keys, never replayed
 * backwards) and whose decisions go to the audit log. Pulls run one at a time (a lock); scans
 * never wait for them: the verifier swaps keys and lists atomically.
 */
final class DefaultTicketsClient implements TicketsClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultTicketsClient.class);
  /** The prefix of a ticket id recorded for a scan whose ticket could not be authenticated. */
  static final String UNREAD_PREFIX = "unread-";

  private final MicroEventClient client;
  private final EventId event;
  private final GateId gate;
  private final TicketVerifier verifier;
  private final ScanLedger ledger;
  private final @Nullable AuditLog audit;
  private final Consumer<AuditReceipt> onAudited;
  private final List<SteeringKey> trusted = new ArrayList<>();
  private final String keysPath;
  private final String revocationsPath;
  private final Object syncLock = new Object();
  private final Object conflictLock = new Object();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final @Nullable Periodic periodic;

  // What the last good pulls held; used under syncLock.
  private final Held keys;
  private final Held revocations;
  private volatile long keysVersion;
  private volatile boolean uplinkUp = true;
  private volatile @Nullable Instant lastSync;
  private volatile @Nullable String lastRefusal;

  DefaultTicketsClient(TicketsClient.Builder b) {
    this.client = requireSet(b.client);
    this.event = requireSet(b.event);
    this.gate = requireSet(b.gate);
    this.ledger = b.ledger == null ? ScanLedger.inMemory() : b.ledger;
    this.audit = b.audit;
    this.onAudited = b.onAudited;
    for (byte[] k : b.planeKeys) {
      SteeringKey.decode(k).ifPresent(trusted::add);
    }
    this.keys = new Held(SteeringSignature.TICKET_KEYS, "key list");
    this.revocations = new Held(SteeringSignature.REVOCATIONS, "revocation list");
    TicketVerifier.Builder v = TicketVerifier.builder().event(event).gate(gate).zones(b.zones).keys(b.keys)
        .ledger(ledger).clock(client.runtime().clock()).clockTolerance(b.tolerance).pretix(b.pretix)
        .reentryAfterExit(b.reentryAfterExit);
    if (b.codes != null) {
      v.rotatingCodes(b.codes);
    }
    if (b.revocations != null) {
      v.revocations(b.revocations);
    }
    this.verifier = v.build();
    String base = "/edge/v1/tickets/" + event.value();
    this.keysPath = base + "/keys";
    this.revocationsPath = base + "/revocations";
    this.periodic = b.syncInterval.isZero() ? null : Periodic.every(client.runtime().scheduler(), client.runtime().ioExecutor(),
        Duration.ZERO, b.syncInterval, "ticket sync of gate " + gate, this::sync);
  }

  private static <T> T requireSet(@Nullable T value) {
    if (value == null) {
      throw new TicketException("a tickets client builder is missing a required part", null);
    }
    return value;
  }

  // ---- scans

  @Override
  public Verdict scan(String text) {
    Verdict v = verifier.verify(text).withDegraded(degraded());
    appendScan(v, text);
    return v;
  }

  @Override
  public Verdict exit(String text) {
    return verifier.exit(text).withDegraded(degraded());
  }

  @Override
  public Verdict check(String text) {
    return verifier.check(text).withDegraded(degraded());
  }

  private boolean degraded() {
    return !uplinkUp || (ledger instanceof DurableScanLedger d && d.mode() == DurableScanLedger.Mode.DEGRADED);
  }

  /** Appends a scan decision to the audit log, without making the gate wait for the disk. */
  private void appendScan(Verdict v, String text) {
    AuditLog a = audit;
    if (a == null) {
      return;
    }
    TicketId ticket = v.ticket().map(Ticket::id).orElseGet(() -> unread(text));
    EventId ev = v.ticket().map(Ticket::event).orElse(event);
    AuditEntry entry = AuditEntry.gateScan(ev, ticket, gate, v.kind(), v.at());
    CompletableFuture<AuditReceipt> f = a.appendAsync(entry);
    var unused = f.whenComplete((receipt, e) -> {
      if (receipt != null) {
        deliver(receipt);
      } else if (cause(e) instanceof AuditException ae && ae.reason() == AuditException.Reason.BACKLOG_FULL) {
        // The backlog is full: wait for room off the scanner's thread rather than drop the entry.
        client.runtime().ioExecutor().execute(() -> appendWaiting(a, entry));
      } else {
        log.warn("gate {}: a scan decision could not be appended to the audit log: {}", gate, String.valueOf(e));
      }
    });
  }

  private void appendWaiting(AuditLog a, AuditEntry entry) {
    try {
      deliver(a.append(entry));
    } catch (AuditException e) {
      log.warn("gate {}: a scan decision could not be appended to the audit log: {}", gate, e.getMessage());
    }
  }

  private static @Nullable Throwable cause(@Nullable Throwable e) {
    return e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
  }

  private void deliver(AuditReceipt receipt) {
    try {
      onAudited.accept(receipt);
    } catch (RuntimeException e) {
      log.warn("gate {}: the audit receipt listener threw; ignored", gate, e);
    }
  }

  /** The id a scan is recorded under when its ticket could not be read: a hash of the text, no ticket. */
  static TicketId unread(String text) {
    byte[] h = EdKey.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    return TicketId.of(UNREAD_PREFIX + HexFormat.of().formatHex(h, 0, 8));
  }

  // ---- sync

  @Override
  public GateStatus sync() {
    synchronized (syncLock) {
      if (!closed.get()) {
        try {
          pullKeys();
          pullRevocations(true);
          uplinkUp = true;
          lastSync = client.runtime().clock().instant();
        } catch (HttpServiceException e) {
          uplinkUp = e.statusCode() < 500;
          if (uplinkUp) {
            lastSync = client.runtime().clock().instant();
          }
          log.debug("gate {}: the edge plane answered {} to a ticket sync; keeping what it holds", gate,
              e.statusCode());
        } catch (SdkException e) {
          uplinkUp = false;
          log.debug("gate {}: no ticket sync ({}); deciding on the keys and list it holds", gate, e.toString());
        }
      }
    }
    recordConflicts();
    return status();
  }

  /**
   * The last signed document of one kind the gate applied: its sequence, bytes and ETag. Under
   * syncLock.
   */
  private final class Held {
    final SteeringVerifier steering;
    final String what;
    @Nullable String etag;

    Held(String kind, String what) {
      this.steering = new SteeringVerifier(kind, trusted);
      this.what = what;
    }

    /**
     * The signature of an answer worth applying: signed with a pinned key for this kind and newer
     * than what is held; {@code null} (refused or nothing new) otherwise.
     */
    @Nullable SteeringSignature newer(EdgeResponse r) {
      if (r.statusCode() == 304) {
        return null;
      }
      SteeringSignature sig;
      try {
        sig = steering.verify(r.header(SteeringSignature.HEADER).orElse(null), r.body());
      } catch (SteeringRejectedException e) {
        refuse("a " + what + " refused (" + e.reason() + "): " + e.getMessage());
        return null;
      }
      if (steering.holds(sig, r.body())) {
        etag = r.header("ETag").orElse(null);
        return null;
      }
      return sig;
    }

    void applied(EdgeResponse r, SteeringSignature sig) {
      steering.accept(sig, r.body());
      etag = r.header("ETag").orElse(null);
    }
  }

  private void pullKeys() {
    EdgeResponse r = get(keysPath, keys.etag);
    SteeringSignature sig = keys.newer(r);
    if (sig == null) {
      return;
    }
    byte[] body = r.body();
    KeyListDocument d;
    try {
      d = KeyListDocument.parse(body);
    } catch (MalformedDocumentException e) {
      refuse("a signed key list that breaks the format: " + e.getMessage());
      return;
    }
    if (!d.event.equals(event.value()) || d.version != sig.seq()) {
      refuse("a key list for event " + d.event + " version " + d.version + " signed as sequence " + sig.seq()
          + "; the gate serves " + event + " and wants the version as the sequence");
      return;
    }
    KeyRing.Builder ring = KeyRing.builder();
    try {
      if (d.graceSeconds >= 0) {
        ring.grace(Duration.ofSeconds(d.graceSeconds));
      }
      for (KeyListDocument.Entry e : d.keys) {
        TicketKey k = e.pretix() ? TicketKey.pretixSig1(e.publicKey()) : TicketKey.ed25519(e.publicKey());
        ring.key(k.withActiveFrom(e.activeFrom()).withRetiredAt(e.retiredAt()));
      }
    } catch (TicketException e) {
      refuse("a signed key list the gate cannot use: " + e.getMessage());
      return;
    }
    verifier.keys(ring.build());
    keys.applied(r, sig);
    keysVersion = d.version;
    log.info("gate {}: ticket keys version {} ({} keys) in force", gate, d.version, d.keys.size());
  }

  private void pullRevocations(boolean deltaAllowed) {
    long held = verifier.revocations().version();
    EdgeResponse r = get(revocationsPath + "?since=" + (deltaAllowed ? held : 0),
        deltaAllowed ? revocations.etag : null);
    SteeringSignature sig = revocations.newer(r);
    if (sig == null) {
      return;
    }
    byte[] body = r.body();
    String text = new String(body, StandardCharsets.UTF_8);
    RevocationDocument d;
    try {
      d = RevocationDocument.parse(text);
    } catch (MalformedDocumentException e) {
      refuse("a signed revocation document that breaks the format: " + e.getMessage());
      return;
    }
    if (d.version != sig.seq()) {
      refuse("a revocation document of version " + d.version + " signed as sequence " + sig.seq());
      return;
    }
    try {
      RevocationList now = verifier.update(text);
      revocations.applied(r, sig);
      log.info("gate {}: revocation list version {} in force ({} revoked, {} blocked)", gate, now.version(),
          now.revoked().size(), now.blocked().size());
    } catch (RevocationListException e) {
      if (e.reason() == RevocationListException.Reason.GAP && deltaAllowed) {
        pullRevocations(false);
        return;
      }
      refuse("a revocation document the list cannot take: " + e.getMessage());
    }
  }

  private EdgeResponse get(String path, @Nullable String etag) {
    EdgeRequest.Builder b = EdgeRequest.builder("GET", path).header("accept", "application/json");
    if (etag != null) {
      b.header("If-None-Match", etag);
    }
    return client.call(TICKET_SYNC, b.build());
  }

  private void refuse(String why) {
    refused.incrementAndGet();
    lastRefusal = why;
    log.warn("gate {}: refused {} from the edge plane; the last good one stays in force", gate, why);
  }

  /** Appends ledger conflicts not yet in the audit log, and moves the ledger's cursor past them. */
  private void recordConflicts() {
    AuditLog a = audit;
    if (a == null || !(ledger instanceof DurableScanLedger d)) {
      return;
    }
    synchronized (conflictLock) {
      try {
        List<ScanConflict> found = d.conflicts(d.conflictsRecorded());
        for (ScanConflict c : found) {
          deliver(a.append(AuditEntry.scanConflict(event, c, c.detectedAt())));
          d.conflictsRecorded(c.sequence());
        }
        if (!found.isEmpty()) {
          log.info("gate {}: {} scan conflict(s) appended to the audit log", gate, found.size());
        }
      } catch (SdkException e) {
        log.warn("gate {}: scan conflicts could not be appended to the audit log yet: {}", gate, e.getMessage());
      }
    }
  }

  // ---- state

  @Override
  public GateStatus status() {
    DurableScanLedger.Status ls = ledger instanceof DurableScanLedger d ? d.status() : null;
    boolean degraded = !uplinkUp || (ls != null && ls.mode() == DurableScanLedger.Mode.DEGRADED);
    return new GateStatus(degraded, ls == null ? null : ls.mode(), ls == null ? 0 : ls.queued(), uplinkUp,
        keysVersion, verifier.revocations().version(), lastSync, refused.get(), lastRefusal);
  }

  @Override
  public TicketVerifier verifier() {
    return verifier;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && periodic != null) {
      periodic.close();
    }
  }

  @Override
  public String toString() {
    return "TicketsClient{event=" + event + ", gate=" + gate + "}";
  }
}
