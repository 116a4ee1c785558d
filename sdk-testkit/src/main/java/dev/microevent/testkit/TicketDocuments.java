package dev.microevent.testkit;

import dev.microevent.testkit.internal.Ed25519Keys;
import dev.microevent.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The ticket key lists and revocation lists a fake plane serves ({@code GET
 * /edge/v1/tickets/{event}/keys} and {@code GET /edge/v1/tickets/{event}/revocations?since=<v>},
 * {@code docs/edge-plane-api.yaml}), each signed with the plane's Ed25519 key in a {@code
 * Microevent-Signature} header (kinds {@code ticket-keys} and {@code revocations}, the document's
 * version as its sequence) with an ETag {@code "<seq>-<16 hex of SHA-256(body)>"}. Every
 * publication takes the event's next version; a revocations request whose {@code since} is the
 * current version gets {@code 304}, one from an older version it knows gets a delta, anything else
 * the full list. A key rotation the client follows: {@link #handOverSigningKey()} (a hand-over
 * signed by the old key, served in the key chain of {@code GET /edge/v1/keys}). Faults for the
 * client's refusals: {@link #rotateSigningKey()} (signed by a key the client has not pinned, no
 * hand-over), {@link #serveUnsigned(boolean)}, {@link #replayKeys(String, long)} and
 * {@link #replayRevocations(String, long)} (an older signed document served again). Get it from
 * {@link FakePlane#tickets()}. Thread-safe.
 *
 * <pre>{@code
 * edge.tickets().publishKeys("rooftop", List.of(TicketDocuments.key(boxOfficePublicKey)));
 * edge.tickets().revoke("rooftop", "T-000017");
 * TicketsClient gate = TicketsClient.builder()...addPlaneKey(edge.tickets().planePublicKey()).build();
 * }</pre>
 */
public final class TicketDocuments {
  /** The pattern of the key list path. */
  public static final String KEYS_PATH = "/edge/v1/tickets/{event}/keys";
  /** The pattern of the revocation list path. */
  public static final String REVOCATIONS_PATH = "/edge/v1/tickets/{event}/revocations";
  /** The path of the plane's key chain (its signed key hand-overs). */
  public static final String KEY_CHAIN_PATH = "/edge/v1/keys";
  private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SINCE = Pattern.compile("(?:^|&)since=([0-9]{1,18})(?:&|$)");

  private final Clock clock;
  private final Map<String, EventDocs> events = new HashMap<>();
  private Ed25519Keys signer = Ed25519Keys.generate();
  private final List<Signed> handovers = new ArrayList<>();
  private boolean unsigned;

  /** One key of a published key list. Immutable. */
  public static final class Key {
    private final byte[] publicKey;
    private final boolean pretix;
    private final @Nullable Instant activeFrom;
    private final @Nullable Instant retiredAt;

    /**
     * A key.
     *
     * @param publicKey the raw 32-byte Ed25519 public key (copied)
     * @param pretix whether it signs pretix {@code pretix_sig1} secrets (else {@code ME1} tickets)
     * @param activeFrom from when it is accepted, or {@code null} for at once
     * @param retiredAt when it was retired, or {@code null}
     */
    public Key(byte[] publicKey, boolean pretix, @Nullable Instant activeFrom, @Nullable Instant retiredAt) {
      Objects.requireNonNull(publicKey, "publicKey");
      if (publicKey.length != 32) {
        throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + publicKey.length);
      }
      this.publicKey = publicKey.clone();
      this.pretix = pretix;
      this.activeFrom = activeFrom;
      this.retiredAt = retiredAt;
    }

    /** {@return the raw public key (a copy)} */
    public byte[] publicKey() {
      return publicKey.clone();
    }

    /** {@return whether it signs pretix secrets} */
    public boolean pretix() {
      return pretix;
    }

    /**
     * From when it is accepted, if not at once.
     *
     * @return the instant from which it is accepted, or {@code null} if it is accepted at once
     */
    public @Nullable Instant activeFrom() {
      return activeFrom;
    }

    /** {@return when it was retired, if it was} */
    public @Nullable Instant retiredAt() {
      return retiredAt;
    }

    /**
     * This key, retired.
     *
     * @param at when
     * @return a copy
     */
    public Key retiredAt(Instant at) {
      return new Key(publicKey, pretix, activeFrom, Objects.requireNonNull(at, "at"));
    }

    @Override
    public String toString() {
      return "Key{" + (pretix ? "pretix_sig1" : "microevent-v1") + ", from " + activeFrom + ", retired " + retiredAt
          + "}";
    }
  }

  /** A signed document as served (never compared). */
  @SuppressWarnings("ArrayRecordComponent")
  private record Signed(long seq, byte[] body, String signature, String etag) {}

  /** One version of an event's revocation list. */
  private record Revocations(long version, Set<String> revoked, Set<String> blocked, Instant issuedAt) {}

  private static final class EventDocs {
    final List<Signed> keys = new ArrayList<>();
    final List<Revocations> revocations = new ArrayList<>();
    final Map<Long, Signed> signedRevocations = new HashMap<>();
    @Nullable Signed replayKeys;
    @Nullable Signed replayRevocations;
  }

  TicketDocuments(Clock clock) {
    this.clock = clock;
  }

  /**
   * A key that signs our tickets, accepted at once.
   *
   * @param publicKey the raw 32-byte public key
   * @return the key
   */
  public static Key key(byte[] publicKey) {
    return new Key(publicKey, false, null, null);
  }

  /**
   * The plane's public key, for the client to pin.
   *
   * @return the raw 32 bytes
   */
  public synchronized byte[] planePublicKey() {
    return signer.publicKey();
  }

  /**
   * Signs from now on with a new key (documents already published are signed again with it): a
   * client that pinned only the old key refuses what it serves.
   *
   * @return the new public key
   */
  public synchronized byte[] rotateSigningKey() {
    return rotateSigningKey(Ed25519Keys.generate());
  }

  private byte[] rotateSigningKey(Ed25519Keys next) {
    signer = next;
    for (EventDocs d : events.values()) {
      List<Signed> resigned = new ArrayList<>();
      for (Signed s : d.keys) {
        resigned.add(sign("ticket-keys", s.seq, s.body));
      }
      d.keys.clear();
      d.keys.addAll(resigned);
      d.signedRevocations.clear();
    }
    return signer.publicKey();
  }

  /**
   * Rotates the plane's signing key the way a real plane does: a hand-over from the old key to a
   * new one, signed by the old key and served in the key chain ({@code GET /edge/v1/keys}), and
   * every document signed again with the new key. A client that pinned the old key follows it.
   *
   * @return the new public key
   */
  public synchronized byte[] handOverSigningKey() {
    Ed25519Keys old = signer;
    Ed25519Keys next = Ed25519Keys.generate();
    long place = handovers.size() + 1L;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "key-handover");
    doc.put("sequence", place);
    doc.put("from", keyRef(old));
    doc.put("to", keyRef(next));
    doc.put("issuedAt", clock.instant().toString());
    handovers.add(sign("key-handover", place, Json.write(doc)));
    return rotateSigningKey(next);
  }

  private static Map<String, Object> keyRef(Ed25519Keys k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kid", k.kid());
    m.put("publicKey", Base64.getEncoder().encodeToString(k.publicKey()));
    return m;
  }

  /**
   * Serves documents without their signature header (or with it again).
   *
   * @param unsigned whether to leave the header out
   */
  public synchronized void serveUnsigned(boolean unsigned) {
    this.unsigned = unsigned;
  }

  /**
   * Publishes an event's key list at its next version.
   *
   * @param event the event id
   * @param keys the keys
   * @return the version published
   */
  public synchronized long publishKeys(String event, Collection<Key> keys) {
    EventDocs d = docs(event);
    long version = d.keys.size() + 1L;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "microevent-ticket-keys/1");
    doc.put("event", event);
    doc.put("version", version);
    doc.put("issuedAt", clock.instant().toString());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Key k : keys) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kid", Ed25519Keys.kid(k.publicKey()));
      m.put("format", k.pretix() ? "pretix_sig1" : "microevent-v1");
      m.put("publicKey", Base64.getEncoder().encodeToString(k.publicKey()));
      if (k.activeFrom() != null) {
        m.put("activeFrom", k.activeFrom().toString());
      }
      if (k.retiredAt() != null) {
        m.put("retiredAt", k.retiredAt().toString());
      }
      list.add(m);
    }
    doc.put("keys", list);
    d.keys.add(sign("ticket-keys", version, Json.write(doc)));
    d.replayKeys = null;
    return version;
  }

  /**
   * Revokes tickets for good (cancelled, refunded): the event's list at its next version.
   *
   * @param event the event id
   * @param tickets the ticket ids
   * @return the version published
   */
  public synchronized long revoke(String event, String... tickets) {
    return change(event, tickets, true, true);
  }

  /**
   * Blocks tickets (until unblocked): the event's list at its next version.
   *
   * @param event the event id
   * @param tickets the ticket ids
   * @return the version published
   */
  public synchronized long block(String event, String... tickets) {
    return change(event, tickets, false, true);
  }

  /**
   * Unblocks tickets: the event's list at its next version.
   *
   * @param event the event id
   * @param tickets the ticket ids
   * @return the version published
   */
  public synchronized long unblock(String event, String... tickets) {
    return change(event, tickets, false, false);
  }

  private long change(String event, String[] tickets, boolean revoke, boolean add) {
    EventDocs d = docs(event);
    Revocations last = current(d);
    TreeSet<String> revoked = new TreeSet<>(last.revoked());
    TreeSet<String> blocked = new TreeSet<>(last.blocked());
    for (String t : tickets) {
      (revoke ? revoked : blocked).remove(t);
      if (add) {
        (revoke ? revoked : blocked).add(t);
      }
    }
    Revocations next = new Revocations(last.version() + 1, revoked, blocked, clock.instant());
    d.revocations.add(next);
    d.replayRevocations = null;
    return next.version();
  }

  /**
   * Serves an older key list again (signed as it was): a replay the client must refuse. Undone by
   * the next publication.
   *
   * @param event the event id
   * @param version an earlier version
   */
  public synchronized void replayKeys(String event, long version) {
    EventDocs d = docs(event);
    if (version < 1 || version > d.keys.size()) {
      throw new IllegalArgumentException("event " + event + " has key list versions 1.." + d.keys.size());
    }
    d.replayKeys = d.keys.get((int) version - 1);
  }

  /**
   * Serves an older full revocation list again (signed as it was): a replay the client must
   * refuse. Undone by the next change.
   *
   * @param event the event id
   * @param version an earlier version
   */
  public synchronized void replayRevocations(String event, long version) {
    EventDocs d = docs(event);
    if (version < 1 || version > d.revocations.size()) {
      throw new IllegalArgumentException("event " + event + " has revocation versions 1.." + d.revocations.size());
    }
    d.replayRevocations = full(event, d.revocations.get((int) version - 1));
  }

  /**
   * The version of an event's key list served now.
   *
   * @param event the event id
   * @return the version; 0 if none was published
   */
  public synchronized long keysVersion(String event) {
    EventDocs d = events.get(event);
    return d == null ? 0 : d.keys.size();
  }

  /**
   * The version of an event's revocation list served now.
   *
   * @param event the event id
   * @return the version; 0 if nothing was revoked or blocked
   */
  public synchronized long revocationsVersion(String event) {
    EventDocs d = events.get(event);
    return d == null ? 0 : current(d).version();
  }

  // ---- serving

  synchronized FakeResponse serveKeys(ReceivedRequest request) {
    String event = event(request, "/keys");
    EventDocs d = event == null ? null : events.get(event);
    if (d == null || d.keys.isEmpty()) {
      return FakeResponse.json(404, Map.of("error", "no_keys", "message", "this plane has no ticket keys for the event"));
    }
    Signed s = d.replayKeys != null ? d.replayKeys : d.keys.get(d.keys.size() - 1);
    if (request.header("If-None-Match").map(v -> v.equals(s.etag())).orElse(false)) {
      return FakeResponse.builder(304).header("ETag", s.etag()).build();
    }
    return answer(s);
  }

  synchronized FakeResponse serveKeyChain(ReceivedRequest request) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("current", keyRef(signer));
    List<Map<String, Object>> links = new ArrayList<>();
    for (Signed h : handovers) {
      Map<String, Object> link = new LinkedHashMap<>();
      link.put("document", Base64.getEncoder().encodeToString(h.body()));
      link.put("signature", h.signature());
      links.add(link);
    }
    doc.put("handovers", links);
    return FakeResponse.builder(200).body(Json.write(doc), "application/json").build();
  }

  synchronized FakeResponse serveRevocations(ReceivedRequest request) {
    String event = event(request, "/revocations");
    EventDocs d = event == null ? null : events.get(event);
    if (event == null || d == null || d.revocations.isEmpty()) {
      return FakeResponse.json(404, Map.of("error", "no_revocations", "message",
          "this plane has no revocation list for the event"));
    }
    if (d.replayRevocations != null) {
      return answer(d.replayRevocations);
    }
    Revocations now = current(d);
    long since = request.query().map(q -> {
      var m = SINCE.matcher(q);
      return m.find() ? Long.parseLong(m.group(1)) : -1L;
    }).orElse(-1L);
    if (since == now.version()) {
      return FakeResponse.builder(304).build();
    }
    if (since >= 1 && since < now.version()) {
      return answer(delta(event, d.revocations.get((int) since - 1), now));
    }
    Signed full = d.signedRevocations.computeIfAbsent(now.version(), v -> full(event, now));
    return answer(full);
  }

  private FakeResponse answer(Signed s) {
    FakeResponse.Builder b = FakeResponse.builder(200).header("ETag", s.etag()).body(s.body(), "application/json");
    if (!unsigned) {
      b.header("Microevent-Signature", s.signature());
    }
    return b.build();
  }

  private Signed full(String event, Revocations r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "microevent-revocations/1");
    doc.put("event", event);
    doc.put("version", r.version());
    doc.put("issuedAt", r.issuedAt().toString());
    doc.put("revoked", List.copyOf(r.revoked()));
    doc.put("blocked", List.copyOf(r.blocked()));
    return sign("revocations", r.version(), Json.write(doc));
  }

  private Signed delta(String event, Revocations from, Revocations to) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "microevent-revocations/1");
    doc.put("event", event);
    doc.put("baseVersion", from.version());
    doc.put("version", to.version());
    doc.put("issuedAt", to.issuedAt().toString());
    doc.put("revoke", minus(to.revoked(), from.revoked()));
    doc.put("block", minus(to.blocked(), from.blocked()));
    doc.put("unblock", minus(from.blocked(), to.blocked()));
    return sign("revocations", to.version(), Json.write(doc));
  }

  private static List<String> minus(Set<String> a, Set<String> b) {
    TreeSet<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return List.copyOf(out);
  }

  private Signed sign(String kind, long seq, byte[] body) {
    String kid = signer.kid();
    byte[] prefix = ("microevent-signature-v1\n" + kind + "\n" + kid + "\n" + seq + "\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] input = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(body, 0, input, prefix.length, body.length);
    String header = "v=1, kind=\"" + kind + "\", kid=\"" + kid + "\", seq=" + seq + ", sig=:"
        + Base64.getEncoder().encodeToString(signer.sign(input)) + ":";
    return new Signed(seq, body, header, "\"" + seq + "-" + HexFormat.of().formatHex(Ed25519Keys.sha256(body), 0, 8) + "\"");
  }

  private EventDocs docs(String event) {
    Objects.requireNonNull(event, "event");
    if (!EVENT.matcher(event).matches()) {
      throw new IllegalArgumentException("an event id is 1..64 characters of [A-Za-z0-9._-], got '" + event + "'");
    }
    return events.computeIfAbsent(event, e -> new EventDocs());
  }

  private static Revocations current(EventDocs d) {
    return d.revocations.isEmpty() ? new Revocations(0, new TreeSet<>(), new TreeSet<>(), Instant.EPOCH)
        : d.revocations.get(d.revocations.size() - 1);
  }

  private static @Nullable String event(ReceivedRequest request, String suffix) {
    String path = request.path();
    String prefix = "/edge/v1/tickets/";
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) {
      return null;
    }
    String event = path.substring(prefix.length(), path.length() - suffix.length());
    return EVENT.matcher(event).matches() ? event : null;
  }
}
