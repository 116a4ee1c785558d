package dev.microevent.commerce.tickets;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditException;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.internal.EdKey;
import dev.microevent.commerce.tickets.internal.MalformedDocumentException;
import dev.microevent.commerce.tickets.internal.KeptLists;
import dev.microevent.commerce.tickets.internal.KeyListDocument;
import dev.microevent.commerce.tickets.internal.ListStore;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate behind {@link TicketsClient}: a {@link TicketVerifier} whose keys and revocation list
 * are pulled from the edge plane (signed, checked against the pinned keys, never replayed
 * backwards) and whose decisions go to the audit log. Pulls run one at a time (a lock); the
 * plane's key chain, needed only after a rotation, is fetched outside it (a slow plane holds up no
 * other sync) and adopted under it, and the lists that waited for it are checked again with it
 * rather than downloaded again ({@link Pass}). Scans never wait for pulls: the verifier swaps keys
 * and lists atomically.
 */
final class DefaultTicketsClient implements TicketsClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultTicketsClient.class);
  /** The plane's key chain: its signed key hand-overs. */
  static final String KEY_CHAIN_PATH = "/edge/v1/keys";
  /** Revocation deltas kept on top of a full list before the gate pulls a full list again. */
  static final int MAX_KEPT_REVOCATIONS = 64;
  /** The prefix of a ticket id recorded for a scan whose ticket could not be authenticated. */
  static final String UNREAD_PREFIX = "unread-";

  private final MicroEventClient client;
  private final EventId event;
  private final GateId gate;
  private final TicketVerifier verifier;
  private final ScanLedger ledger;
  private final @Nullable AuditLog audit;
  private final Consumer<AuditReceipt> onAudited;
  /** The plane keys pinned in the builder. */
  private final List<SteeringKey> pinned = new ArrayList<>();
  /** Where the last good lists are kept (the ledger's local file), if the ledger has one. */
  private final @Nullable ListStore store;
  private final String storeName;
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
  private volatile @Nullable SteeringRejectedException restoreRefusal;
  // What the gate keeps in its store; under syncLock.
  private byte @Nullable [] keyChain;
  private KeptLists.@Nullable Doc keysDoc;
  private final List<KeptLists.Doc> revocationDocs = new ArrayList<>();

  DefaultTicketsClient(TicketsClient.Builder b) {
    this.client = requireSet(b.client);
    this.event = requireSet(b.event);
    this.gate = requireSet(b.gate);
    this.ledger = b.ledger == null ? ScanLedger.inMemory() : b.ledger;
    this.audit = b.audit;
    this.onAudited = b.onAudited;
    for (byte[] k : b.planeKeys) {
      SteeringKey.decode(k).ifPresent(pinned::add);
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
    this.store = ledger instanceof ListStore.Source s ? s.lists() : null;
    this.storeName = "ticket-lists:" + event.value();
    synchronized (syncLock) {
      restore();
    }
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
    Pass pass = new Pass();
    if (pullLists(pass) && !pass.waiting.isEmpty()) {
      // A list named a key the gate does not trust: the plane's key chain is fetched outside the
      // lock (a slow plane holds up no other sync), then the lists that waited for it are checked
      // again with it, not downloaded again.
      pass.chainFetched(fetchKeyChain());
      pullLists(pass);
    }
    recordConflicts();
    return status();
  }

  /**
   * One pass of a sync, under syncLock: the key list, then the revocation list; on the pass after
   * the key chain was fetched, only those that waited for it.
   *
   * @return whether the pass ran (the gate is not closed) and the uplink answered it
   */
  private boolean pullLists(Pass pass) {
    synchronized (syncLock) {
      if (closed.get()) {
        return false;
      }
      if (pass.chainFetched) {
        byte @Nullable [] chain = pass.chain;
        if (chain != null) {
          adoptKeyChain(chain);
        }
      }
      try {
        pullKeys(pass);
        pullRevocations(pass);
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
      return uplinkUp;
    }
  }

  /**
   * One sync's dealings with the plane's key chain. On its first pass an answer signed by a key
   * the gate does not trust waits (with what its list held then); the sync then fetches the chain
   * (outside syncLock) and, on a second pass, checks each waiting answer again with it: signed
   * by a key the chain hands over to, newer than what is held, or refused; never downloaded
   * again, unless another sync applied a list of its kind meanwhile (then the answer is stale and
   * the list is pulled afresh). Confined to the thread of its sync.
   */
  private static final class Pass {
    /** The answers that wait for the key chain, by the list they are for. */
    final Map<Held, Waiting> waiting = new HashMap<>();
    /** Whether the key chain was fetched for this sync; {@link #chain} is then what it gave. */
    boolean chainFetched;
    /** The key chain's bytes, or null if the plane gave none (or it was not fetched yet). */
    byte @Nullable [] chain;

    void chainFetched(byte @Nullable [] fetched) {
      chainFetched = true;
      chain = fetched;
    }
  }

  /**
   * An answer from the plane, and whether it answers an explicit request for the full list (the
   * key list always is; a revocation list is when the sync asked for the full list after a delta
   * could not be applied, and then it is never a delta). A first pull with no list held also asks
   * with {@code since=0} but is not such a request: a delta given for it is checked as any delta,
   * and may lead to one explicit full-list request.
   */
  private record Answer(EdgeResponse response, boolean fullList) {}

  /** An answer waiting for the key chain, and how many documents its list had applied when it came. */
  private record Waiting(Answer answer, long applied) {}

  /**
   * The answer for one list on this pass: downloaded on the first pass; on the pass after the key
   * chain, the one that waited for it (downloaded afresh only if another sync applied a list of
   * its kind meanwhile), or null when none waited.
   */
  private static @Nullable Answer answer(Pass pass, Held held, Supplier<Answer> download) {
    if (!pass.chainFetched) {
      return download.get();
    }
    Waiting w = pass.waiting.get(held);
    if (w == null) {
      return null;
    }
    return w.applied() == held.applied ? w.answer() : download.get();
  }

  /**
   * The last signed document of one kind the gate applied: its verifier (sequence, digest, trusted
   * plane keys), ETag and how many documents of the kind were applied. Under syncLock.
   */
  private final class Held {
    SteeringVerifier steering;
    final String what;
    @Nullable String etag;
    long applied;

    Held(String kind, String what) {
      this.steering = new SteeringVerifier(kind, pinned);
      this.what = what;
    }

    /**
     * The signature of an answer worth applying: signed with a trusted plane key for this kind
     * (pinned, or reached by the plane's signed hand-over) and newer than what is held; {@code
     * null} (refused, nothing new, or waiting in the pass for the plane's key chain) otherwise.
     */
    @Nullable SteeringSignature newer(Answer a, Pass pass) {
      EdgeResponse r = a.response();
      if (r.statusCode() == 304) {
        return null;
      }
      SteeringSignature sig;
      try {
        sig = steering.verify(r.header(SteeringSignature.HEADER).orElse(null), r.body(), () -> pass.chain);
      } catch (SteeringRejectedException e) {
        if (e.reason() == SteeringRejectedException.Reason.UNKNOWN_KEY && !pass.chainFetched) {
          pass.waiting.put(this, new Waiting(a, applied));
          return null; // checked again once the plane's key chain is fetched (outside the lock)
        }
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
      applied++;
    }
  }

  /**
   * Fetches the plane's key chain ({@code GET /edge/v1/keys}) after a list came signed by a key
   * the gate does not trust. Not under syncLock: it is the one request a rotation adds, and a slow
   * plane must not hold up another sync.
   *
   * @return the chain's bytes, or null if the plane has none or did not answer
   */
  private byte @Nullable [] fetchKeyChain() {
    try {
      return client.call(TICKET_SYNC, EdgeRequest.builder("GET", KEY_CHAIN_PATH).header("accept", "application/json")
          .build()).body();
    } catch (SdkException e) {
      log.debug("gate {}: no key chain from the edge plane ({})", gate, e.toString());
      return null;
    }
  }

  /**
   * Follows the plane's key chain for both kinds of list (a rotation moves them together), and
   * keeps it (for a restart) if it hands a trusted key over to a new one. Under syncLock.
   */
  private void adoptKeyChain(byte[] chain) {
    var keysHead = keys.steering.adoptHandovers(chain);
    var revocationsHead = revocations.steering.adoptHandovers(chain);
    keysHead.or(() -> revocationsHead).ifPresent(k -> {
      keyChain = chain;
      keep();
      log.info("gate {}: the edge plane handed its signing key over to {}; adopted for ticket lists", gate, k.kid());
    });
  }

  private void pullKeys(Pass pass) {
    Answer a = answer(pass, keys, () -> new Answer(get(keysPath, keys.etag), true));
    if (a == null) {
      return;
    }
    SteeringSignature sig = keys.newer(a, pass);
    if (sig == null) {
      return;
    }
    EdgeResponse r = a.response();
    KeyRing ring;
    long version;
    try {
      KeyListDocument d = keyList(sig, r.body());
      ring = ring(d);
      version = d.version;
    } catch (NotApplied e) {
      refuse(e.why);
      return;
    }
    verifier.keys(ring);
    keys.applied(r, sig);
    keysVersion = version;
    keysDoc = new KeptLists.Doc(r.header(SteeringSignature.HEADER).orElse(""), r.body());
    keep();
    log.info("gate {}: ticket keys version {} ({} keys) in force", gate, version, ring.keys().size());
  }

  /** A signed key list's document, for this event, its version the signed sequence. */
  private KeyListDocument keyList(SteeringSignature sig, byte[] body) throws NotApplied {
    KeyListDocument d;
    try {
      d = KeyListDocument.parse(body);
    } catch (MalformedDocumentException e) {
      throw new NotApplied("a signed key list that breaks the format: " + e.getMessage());
    }
    if (!d.event.equals(event.value()) || d.version != sig.seq()) {
      throw new NotApplied("a key list for event " + d.event + " version " + d.version + " signed as sequence "
          + sig.seq() + "; the gate serves " + event + " and wants the version as the sequence");
    }
    return d;
  }

  private static KeyRing ring(KeyListDocument d) throws NotApplied {
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
      throw new NotApplied("a signed key list the gate cannot use: " + e.getMessage());
    }
    return ring.build();
  }

  /**
   * Pulls the revocation list: a delta from the version held and, where that delta cannot be kept
   * or does not follow, the full list, asked for at most once: its answer is never followed by
   * another request (a delta for it is refused), so no answer makes a sync ask without end.
   */
  private void pullRevocations(Pass pass) {
    Answer a = answer(pass, revocations, () -> getRevocations(false));
    if (a != null && takeRevocations(pass, a)) {
      takeRevocations(pass, getRevocations(true)); // never wants another: the full list is asked for once
    }
  }

  /** Downloads the revocation list: a delta from the version held, or the full list. */
  private Answer getRevocations(boolean fullList) {
    long held = verifier.revocations().version();
    return new Answer(get(revocationsPath + "?since=" + (fullList ? 0 : held), fullList ? null : revocations.etag),
        fullList);
  }

  /**
   * Applies a revocation answer if it is signed, newer and fits the list held. A delta for a
   * request of the full list ({@code since=0}, answered with the full list only, {@code
   * docs/edge-plane-api.yaml}) is refused.
   *
   * @return whether the full list is wanted: the answer is a delta that cannot be kept (the kept
   *     deltas are at their bound) or does not follow the version held; never for an answer to a
   *     request of the full list
   */
  private boolean takeRevocations(Pass pass, Answer a) {
    SteeringSignature sig = revocations.newer(a, pass);
    if (sig == null) {
      return false;
    }
    byte[] body = a.response().body();
    RevocationDocument d;
    try {
      d = revocation(sig, body);
    } catch (NotApplied e) {
      refuse(e.why);
      return false;
    }
    if (d.delta && a.fullList()) {
      refuse("a revocation delta (version " + d.baseVersion + " to " + d.version + ") for a request of the full list"
          + " (since=0), which a plane answers with the full list only");
      return false;
    }
    if (d.delta && revocationDocs.size() >= MAX_KEPT_REVOCATIONS) {
      // Compact the kept deltas with the full list, asked for only now that a newer version exists:
      // a full list at the version held would carry the held sequence with other bytes (a replay).
      return true;
    }
    EdgeResponse r = a.response();
    try {
      RevocationList now = verifier.update(new String(body, StandardCharsets.UTF_8));
      revocations.applied(r, sig);
      if (!d.delta) {
        revocationDocs.clear();
      }
      revocationDocs.add(new KeptLists.Doc(r.header(SteeringSignature.HEADER).orElse(""), body));
      keep();
      log.info("gate {}: revocation list version {} in force ({} revoked, {} blocked)", gate, now.version(),
          now.revoked().size(), now.blocked().size());
    } catch (RevocationListException e) {
      if (e.reason() == RevocationListException.Reason.GAP && d.delta) {
        return true;
      }
      refuse("a revocation document the list cannot take: " + e.getMessage());
    }
    return false;
  }

  /** A signed revocation document, its version the signed sequence. */
  private static RevocationDocument revocation(SteeringSignature sig, byte[] body) throws NotApplied {
    RevocationDocument d;
    try {
      d = RevocationDocument.parse(new String(body, StandardCharsets.UTF_8));
    } catch (MalformedDocumentException e) {
      throw new NotApplied("a signed revocation document that breaks the format: " + e.getMessage());
    }
    if (d.version != sig.seq()) {
      throw new NotApplied("a revocation document of version " + d.version + " signed as sequence " + sig.seq());
    }
    return d;
  }

  /** Why a verified document was not applied. */
  private static final class NotApplied extends Exception {
    private static final long serialVersionUID = 1L;

    final String why;

    NotApplied(String why) {
      super(why, null, false, false);
      this.why = why;
    }
  }

  // ---- the lists kept in the gate's store

  /** Keeps the lists in force in the gate's store (if its ledger has one). Under syncLock. */
  private void keep() {
    ListStore s = store;
    if (s == null) {
      return;
    }
    try {
      s.value(storeName, new KeptLists(keyChain, keysDoc, keys.etag, revocationDocs, revocations.etag).write());
    } catch (TicketException e) {
      log.warn("gate {}: the ticket lists could not be kept in the gate's store ({}); a restart without the uplink "
          + "would start without them", gate, e.getMessage());
    }
  }

  /**
   * Restores the lists kept in the gate's store, each signature verified again (with the pinned
   * keys and the kept key chain) and each document validated as on a pull; all of them or none.
   * Under syncLock, before the first sync.
   */
  private void restore() {
    ListStore s = store;
    if (s == null) {
      return;
    }
    Optional<String> saved;
    try {
      saved = s.value(storeName);
    } catch (TicketException e) {
      log.warn("gate {}: the ticket lists kept in the gate's store cannot be read: {}", gate, e.getMessage());
      return;
    }
    if (saved.isEmpty()) {
      return;
    }
    try {
      KeptLists kept;
      try {
        kept = KeptLists.read(saved.get());
      } catch (MalformedDocumentException e) {
        throw new SteeringRejectedException(SteeringRejectedException.Reason.MALFORMED, String.valueOf(e.getMessage()), e);
      }
      byte[] chain = kept.keyChain();
      SteeringVerifier kv = new SteeringVerifier(SteeringSignature.TICKET_KEYS, pinned);
      SteeringVerifier rv = new SteeringVerifier(SteeringSignature.REVOCATIONS, pinned);
      KeyRing ring = null;
      long version = 0;
      KeptLists.Doc k = kept.keys();
      if (k != null) {
        SteeringSignature sig = kv.verify(k.signature(), k.body(), () -> chain);
        KeyListDocument d = keyList(sig, k.body());
        ring = ring(d);
        version = d.version;
        kv.accept(sig, k.body());
      }
      RevocationList list = verifier.revocations();
      for (KeptLists.Doc doc : kept.revocations()) {
        SteeringSignature sig = rv.verify(doc.signature(), doc.body(), () -> chain);
        var unused = revocation(sig, doc.body());
        list = list.update(new String(doc.body(), StandardCharsets.UTF_8));
        rv.accept(sig, doc.body());
      }
      if (ring != null) {
        verifier.keys(ring);
        keysVersion = version;
      }
      verifier.revocations(list);
      keys.steering = kv;
      revocations.steering = rv;
      keys.etag = kept.keysEtag();
      revocations.etag = kept.revocationsEtag();
      keyChain = chain;
      keysDoc = k;
      revocationDocs.addAll(kept.revocations());
      log.info("gate {}: ticket keys version {} and revocation list version {} restored from the gate's store", gate,
          version, list.version());
    } catch (SteeringRejectedException e) {
      restoreRefused(e);
    } catch (NotApplied | RevocationListException e) {
      restoreRefused(new SteeringRejectedException(SteeringRejectedException.Reason.MALFORMED,
          String.valueOf(e.getMessage()), e));
    }
  }

  private void restoreRefused(SteeringRejectedException e) {
    restoreRefusal = e;
    refuse("the ticket lists kept in the gate's store (" + e.reason() + "): " + e.getMessage()
        + "; the gate holds no lists until the edge plane answers");
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
  public Optional<SteeringRejectedException> restoreRefusal() {
    return Optional.ofNullable(restoreRefusal);
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
