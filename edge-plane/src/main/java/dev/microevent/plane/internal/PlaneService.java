package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.Records.DecisionRecord;
import dev.microevent.plane.internal.Records.GatewayBeat;
import dev.microevent.plane.internal.Records.PlaneBeat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpFields;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plane does, apart from HTTP: heartbeats, signed config documents, decisions, the key
 * chain, the admin operations and forwarding. Every answer that acknowledges something (a decision,
 * a keyed forward, a pushed document) is written to the store first. Thread-safe.
 */
public final class PlaneService {
  private static final Logger log = LoggerFactory.getLogger(PlaneService.class);
  /** A plane that has not announced itself for this long is stale. */
  public static final long STALE_AFTER_MILLIS = 10_000;

  /** The plane's view of the current config document. */
  private record View(SignedDocument document, PlaneSections sections) {}

  private final String planeId;
  private final String uri;
  private final StateStore store;
  private final ConfigValidator validator = new ConfigValidator();
  private final Clock clock;
  private final long startedAt;
  private final int maxInFlight;
  private volatile Signer signer;
  private final Consumer<Signer> keySaver;
  private final @Nullable Forwarder forwarder;
  private final @Nullable String centralUri;
  private final TicketLists tickets;
  private final AtomicReference<@Nullable View> view = new AtomicReference<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile String status = "SERVING";
  private volatile boolean storeHealthy = true;

  /**
   * Creates the service.
   *
   * @param planeId this plane's id
   * @param uri where it listens
   * @param store its state store
   * @param signer its signing key
   * @param keySaver keeps a new key after a rotation (writes the key file)
   * @param clock its clock
   * @param maxInFlight most requests it works on at once
   * @param forwarder the forwarder, or null without a central plane
   * @param centralUri the central plane, or null
   */
  public PlaneService(String planeId, String uri, StateStore store, Signer signer, Consumer<Signer> keySaver,
      Clock clock, int maxInFlight, @Nullable Forwarder forwarder, @Nullable String centralUri) {
    this.planeId = planeId;
    this.uri = uri;
    this.store = store;
    this.signer = signer;
    this.keySaver = keySaver;
    this.clock = clock;
    this.startedAt = clock.millis();
    this.maxInFlight = maxInFlight;
    this.forwarder = forwarder;
    this.centralUri = centralUri;
    this.tickets = new TicketLists(store, this::signer, this::publishingSigner, clock, validator);
  }

  /** {@return the events' ticket key and revocation lists} */
  public TicketLists tickets() {
    return tickets;
  }

  /** The key to publish with: the current one, unless it was handed over (409 {@code key_retired}). */
  private Signer publishingSigner() {
    Signer s = signer;
    requireCurrentKey(s);
    return s;
  }

  /**
   * Publishes the initial document if the venue has none yet, then loads the current one.
   *
   * @param initial the document to start with
   * @throws Problem if the initial document is invalid
   */
  public void bootstrap(byte[] initial) {
    validator.validate(initial);
    if (store.document(SignedDocument.CONFIG).isEmpty()) {
      if (store.publish(signer.sign(SignedDocument.CONFIG, 1, initial))) {
        log.info("plane {} published the initial config document", planeId);
      }
    }
    refresh();
  }

  /** Re-reads the current document and announces this plane (every second or so). */
  public void refresh() {
    try {
      Optional<SignedDocument> doc = store.document(SignedDocument.CONFIG);
      View current = view.get();
      if (doc.isPresent() && (current == null || current.document().sequence() != doc.get().sequence())) {
        view.set(new View(doc.get(), validator.validate(doc.get().body())));
      }
      View v = view.get();
      store.announcePlane(new PlaneBeat(planeId, uri, status, v == null ? 0 : v.document().sequence(),
          signer.keyId(), startedAt, clock.millis()));
      storeHealthy = true;
    } catch (StoreException e) {
      if (storeHealthy) {
        log.warn("plane {} cannot reach its state store: {}", planeId, e.getMessage());
      }
      storeHealthy = false;
    } catch (Problem e) {
      log.warn("plane {} found an invalid config document in its store: {}", planeId, e.getMessage());
    }
  }

  /** Asks clients to go elsewhere: heartbeats answer DRAINING from now on. */
  public void drain() {
    status = "DRAINING";
  }

  /** {@return the plane's id} */
  public String planeId() {
    return planeId;
  }

  /** {@return the key it signs with now} */
  public Signer signer() {
    return signer;
  }

  /**
   * Takes one of the plane's working slots.
   *
   * @return false if all are taken (the caller answers 503)
   */
  public boolean enter() {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives a slot back. */
  public void exit() {
    inFlight.decrementAndGet();
  }

  private String liveStatus() {
    return status.equals("SERVING") && !storeHealthy ? "DEGRADED" : status;
  }

  private double load() {
    return Math.min(1.0, Math.max(0, inFlight.get() - 1) / (double) maxInFlight);
  }

  /**
   * {@code POST /edge/v1/heartbeat}.
   *
   * @param body the ClientStatus
   * @return the PlaneStatus
   */
  public Reply heartbeat(byte[] body) {
    GatewayBeat beat = Wire.heartbeat(body, planeId, clock.millis());
    try {
      if (!store.recordHeartbeat(beat)) {
        throw Problem.of(429, "too_many_gateways", "this venue already tracks " + StateStore.MAX_GATEWAYS + " gateways");
      }
      storeHealthy = true;
    } catch (StoreException e) {
      storeHealthy = false;
    }
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("planeId", planeId).put("status", liveStatus())
        .put("load", load());
    View v = view.get();
    if (v != null) {
      o.put("configVersion", v.sections().version());
    }
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * {@code GET /edge/v1/config} (and the admin API's read).
   *
   * @param ifNoneMatch the client's ETag, if any
   * @return 200 with the signed document, 304, or 404
   */
  public Reply config(@Nullable String ifNoneMatch) {
    View v = view.get();
    if (v == null) {
      throw Problem.of(404, "no_config", "this plane has no config document yet; keep the current one");
    }
    return Reply.signed(v.document(), ifNoneMatch);
  }

  /**
   * {@code POST /edge/v1/decisions}.
   *
   * @param body the question
   * @param idempotencyKey the caller's key, if any
   * @return the answer
   */
  public Reply decide(byte[] body, @Nullable String idempotencyKey) {
    Wire.Question q = Wire.question(body);
    if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
      throw Problem.badRequest("invalid_idempotency_key", "an Idempotency-Key is 1 to 255 characters");
    }
    if (idempotencyKey != null) {
      Optional<DecisionRecord> earlier = store.decisionByKey(idempotencyKey);
      if (earlier.isPresent()) {
        return answer(same(earlier.get(), q));
      }
    }
    View v = view.get();
    PlaneSections.LogisticModel model = v == null ? null : v.sections().models().get(q.decision());
    if (v == null || model == null) {
      throw Problem.of(404, "no_model", "this plane has no model for the decision '" + q.decision() + "'");
    }
    PlaneSections.Answer a = model.answer(q.attributes());
    DecisionRecord d = new DecisionRecord(UUID.randomUUID().toString(), idempotencyKey, q.decision(), q.attributes(),
        a.value(), a.confidence(), model.ttlSeconds(), v.sections().version(), planeId, clock.millis());
    return answer(same(store.logDecision(d), q));
  }

  private static DecisionRecord same(DecisionRecord d, Wire.Question q) {
    if (!d.decision().equals(q.decision()) || !d.attributes().equals(q.attributes())) {
      throw Problem.of(422, "idempotency_conflict", "this Idempotency-Key was used before with another question");
    }
    return d;
  }

  private static Reply answer(DecisionRecord d) {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("value", d.value()).put("confidence", d.confidence())
        .put("ttlSeconds", d.ttlSeconds()).put("decisionId", d.id());
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * {@code GET /edge/v1/keys}.
   *
   * @return the KeyChain
   */
  public Reply keys() {
    return Reply.json(200, PlaneJson.write(KeyChain.document(signer, store.handovers())));
  }

  /**
   * Forwards an app request.
   *
   * @param method the method
   * @param pathQuery the path and query
   * @param headers the headers
   * @param body the body
   * @return the central plane's answer
   */
  public Reply forward(String method, String pathQuery, HttpFields headers, byte[] body) {
    Forwarder f = forwarder;
    View v = view.get();
    if (f == null) {
      throw Problem.of(404, "no_central_plane", "this plane forwards nothing: it was started without a central plane");
    }
    if (v == null) {
      throw Problem.of(503, "no_config", "this plane has no config document yet");
    }
    return f.forward(v.sections(), method, pathQuery, headers, body);
  }

  // ---- admin ----

  /**
   * {@code GET /admin/v1/status}.
   *
   * @return the PlaneReport
   */
  public Reply status() {
    long now = clock.millis();
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    View v = view.get();
    ObjectNode self = o.putObject("plane").put("planeId", planeId).put("uri", uri).put("status", liveStatus())
        .put("load", load()).put("keyId", signer.keyId()).put("store", store.describe())
        .put("startedAt", Instant.ofEpochMilli(startedAt).toString());
    if (centralUri != null) {
      self.put("central", centralUri);
    }
    ObjectNode config = o.putObject("config");
    if (v != null) {
      config.put("version", v.sections().version()).put("sequence", v.document().sequence())
          .put("etag", v.document().etag()).put("keyId", v.document().keyId());
    }
    ArrayNode planes = o.putArray("planes");
    for (PlaneBeat p : store.planes()) {
      planes.addObject().put("planeId", p.planeId()).put("uri", p.uri())
          .put("status", now - p.lastSeenMillis() > STALE_AFTER_MILLIS ? "STALE" : p.status())
          .put("configSequence", p.configSequence()).put("keyId", p.keyId())
          .put("lastSeen", Instant.ofEpochMilli(p.lastSeenMillis()).toString());
    }
    ArrayNode gateways = o.putArray("gateways");
    for (GatewayBeat g : store.gateways()) {
      ObjectNode n = gateways.addObject().put("instanceId", g.instanceId()).put("mode", g.mode())
          .put("sdkVersion", g.sdkVersion()).put("planeId", g.planeId())
          .put("lastSeen", Instant.ofEpochMilli(g.receivedAtMillis()).toString());
      if (g.lastError() != null) {
        n.put("lastError", g.lastError());
      }
    }
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * {@code PUT /admin/v1/config}: validates, signs with the next sequence and publishes.
   *
   * @param body the new document
   * @param ifMatch the ETag the operator based the change on, if any
   * @return the PushResult
   */
  public Reply push(byte[] body, @Nullable String ifMatch) {
    Published p = publish(body, ifMatch);
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("version", p.sections().version())
        .put("sequence", p.document().sequence()).put("etag", p.document().etag()).put("keyId", p.document().keyId());
    return Reply.json(200, PlaneJson.write(o), Map.of("ETag", p.document().etag()));
  }

  /**
   * A document the plane published.
   *
   * @param document the signed document
   * @param sections its plane sections and version
   */
  public record Published(SignedDocument document, PlaneSections sections) {}

  /**
   * Validates, signs with the next sequence and publishes a document (a push, a playbook step).
   *
   * @param body the new document
   * @param ifMatch the ETag the change was based on, if any
   * @return what was published
   * @throws Problem 422 if invalid, 412 if the base changed, 409 if another plane published first
   */
  public synchronized Published publish(byte[] body, @Nullable String ifMatch) {
    PlaneSections sections = validator.validate(body);
    Signer s = signer;
    requireCurrentKey(s);
    Optional<SignedDocument> current = store.document(SignedDocument.CONFIG);
    if (ifMatch != null && !ifMatch.equals(current.map(SignedDocument::etag).orElse(""))) {
      throw Problem.of(412, "stale_base", "the plane's document changed since you read it; read it again");
    }
    long next = current.map(SignedDocument::sequence).orElse(0L) + 1;
    SignedDocument signed = s.sign(SignedDocument.CONFIG, next, body);
    if (!store.publish(signed)) {
      throw Problem.of(409, "concurrent_push", "another plane published a document at the same time; read and retry");
    }
    view.set(new View(signed, sections));
    log.info("plane {} published config {} (sequence {})", planeId, sections.version(), next);
    return new Published(signed, sections);
  }

  /**
   * The venue's current signed document, as the store holds it (another plane may have published
   * it a moment ago).
   *
   * @return it, if any
   */
  public Optional<SignedDocument> currentSigned() {
    return store.document(SignedDocument.CONFIG);
  }

  /**
   * Validates a document as a push would, publishing nothing.
   *
   * @param body the document
   * @return its plane sections
   * @throws Problem as {@link #publish}
   */
  public PlaneSections validate(byte[] body) {
    return validator.validate(body);
  }

  /** {@return where this plane listens} */
  public String uri() {
    return uri;
  }

  private void requireCurrentKey(Signer s) {
    String head = KeyChain.head(store.handovers(), s.keyId());
    if (!head.equals(s.keyId())) {
      throw Problem.of(409, "key_retired", "this plane's key " + s.keyId() + " was handed over to " + head
          + "; restart it with the current key file");
    }
  }

  /**
   * {@code POST /admin/v1/keys/rotate}: a new key, a hand-over signed by the old one, and the
   * current document re-published under the new key.
   *
   * @return the RotationResult
   */
  public synchronized Reply rotate() {
    Signer old = signer;
    requireCurrentKey(old);
    java.security.KeyPair pair = Ed25519.generate();
    Signer next = Signer.of(pair.getPrivate(), Ed25519.raw(pair.getPublic()));
    long place = store.handovers().size() + 1L;
    SignedDocument handover = old.sign(SignedDocument.KEY_HANDOVER, place,
        KeyChain.handoverBody(place, old, next, clock.instant()));
    if (!store.appendHandover(handover)) {
      throw Problem.of(409, "concurrent_rotation", "another plane rotated the key at the same time");
    }
    keySaver.accept(next);
    signer = next;
    Optional<SignedDocument> current = store.document(SignedDocument.CONFIG);
    long seq = 0;
    if (current.isPresent()) {
      seq = current.get().sequence() + 1;
      SignedDocument resigned = next.sign(SignedDocument.CONFIG, seq, current.get().body());
      if (store.publish(resigned)) {
        view.set(new View(resigned, validator.validate(resigned.body())));
      }
    }
    log.info("plane {} handed its key over from {} to {}", planeId, old.keyId(), next.keyId());
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("from", old.keyId()).put("to", next.keyId())
        .put("publicKey", java.util.Base64.getEncoder().encodeToString(next.publicKey()))
        .put("handover", place).put("configSequence", seq);
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * {@code GET /admin/v1/decisions}.
   *
   * @param limit how many
   * @return the newest decisions
   */
  public Reply decisions(int limit) {
    ArrayNode a = PlaneJson.MAPPER.createArrayNode();
    store.recentDecisions(limit).forEach(d -> a.add(PlaneJson.MAPPER.valueToTree(d)));
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    o.set("decisions", a);
    return Reply.json(200, PlaneJson.write(o));
  }

  /**
   * {@code GET /admin/v1/decisions/{id}}.
   *
   * @param id the decision id
   * @return it, or 404
   */
  public Reply decision(String id) {
    return store.decision(id).map(d -> Reply.json(200, PlaneJson.write(d)))
        .orElseThrow(() -> Problem.of(404, "not_found", "no decision with that id"));
  }

  /**
   * {@code GET /admin/v1/records/{key}?client=}.
   *
   * @param client the client the key belongs to, or null for a call forwarded without one
   * @param key the idempotency key
   * @return the record, or 404
   */
  public Reply record(@Nullable String client, String key) {
    return store.record(client, key).map(r -> {
      ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("key", r.key()).put("status", r.status())
          .put("planeId", r.planeId()).put("at", Instant.ofEpochMilli(r.atMillis()).toString())
          .put("body", new String(r.body(), StandardCharsets.UTF_8));
      if (r.contentType() != null) {
        o.put("contentType", r.contentType());
      }
      if (r.client() != null) {
        o.put("client", r.client());
      }
      return Reply.json(200, PlaneJson.write(o));
    }).orElseThrow(() -> Problem.of(404, "not_found", "no record for that key"));
  }

  /**
   * A JSON tree of the current document, for tests and the CLI's diff.
   *
   * @return the document, if any
   */
  public Optional<JsonNode> currentDocument() {
    View v = view.get();
    return v == null ? Optional.empty() : Optional.of(PlaneJson.read(v.document().body(), "the document"));
  }
}
