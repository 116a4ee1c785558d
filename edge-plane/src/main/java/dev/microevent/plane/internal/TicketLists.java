package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.spi.SteeringKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An event's ticket key list and revocation list, as the gates pull them ({@code GET
 * /edge/v1/tickets/{event}/keys} and {@code .../revocations?since=}, {@code
 * docs/edge-plane-api.yaml}) and as operators publish them (the admin API). Each is a signed
 * document (kinds {@link SignedDocument#TICKET_KEYS} and {@link SignedDocument#REVOCATIONS}) whose
 * sequence is its version, per event, kept in the venue's {@link StateStore} like the config
 * document, so every plane of the venue serves the same bytes. Every revocation version logs what
 * it changed; a delta from a version the gate holds is made from that log and signed on request
 * (Ed25519 is deterministic: every plane with the venue's key sends the same bytes). Thread-safe.
 */
public final class TicketLists {
  /** The pattern of event and ticket ids. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SINCE = Pattern.compile("[0-9]{1,18}");
  private static final String KEYS_FORMAT = "microevent-ticket-keys/1";
  private static final String REVOCATIONS_FORMAT = "microevent-revocations/1";
  /** Most ids a revocation list holds (what a gate reads). */
  static final int MAX_IDS = 1_000_000;
  private static final Set<String> KEY_LIST_MEMBERS = Set.of("format", "event", "version", "issuedAt", "graceSeconds",
      "keys");
  private static final Set<String> KEY_MEMBERS = Set.of("kid", "format", "publicKey", "activeFrom", "retiredAt");
  private static final Set<String> CHANGE_MEMBERS = Set.of("revoke", "block", "unblock");

  private final StateStore store;
  private final Supplier<Signer> signer;
  private final Supplier<Signer> publisher;
  private final Clock clock;
  private final ConfigValidator schemas;

  /**
   * Creates them.
   *
   * @param store the venue's state
   * @param signer the key the plane signs with now (deltas are signed on request)
   * @param publisher the key to publish with (refuses a key that was handed over)
   * @param clock the clock for {@code issuedAt}
   * @param schemas the spec's schemas
   */
  TicketLists(StateStore store, Supplier<Signer> signer, Supplier<Signer> publisher, Clock clock,
      ConfigValidator schemas) {
    this.store = store;
    this.signer = signer;
    this.publisher = publisher;
    this.clock = clock;
    this.schemas = schemas;
  }

  private static String event(String event) {
    if (!ID.matcher(event).matches()) {
      throw Problem.of(404, "unknown_event", "an event id is 1 to 64 characters of A-Z a-z 0-9 . _ -");
    }
    return event;
  }

  // ---- what gates pull

  /**
   * {@code GET /edge/v1/tickets/{event}/keys}.
   *
   * @param event the event id
   * @param ifNoneMatch the ETag of the list the gate holds, if any
   * @return 200 with the signed list, 304, or 404
   */
  public Reply keys(String event, @Nullable String ifNoneMatch) {
    SignedDocument d = store.document(SignedDocument.TICKET_KEYS, event(event))
        .orElseThrow(() -> Problem.of(404, "no_ticket_keys", "this plane holds no ticket keys for the event"));
    return Reply.signed(current(d), ifNoneMatch);
  }

  /**
   * {@code GET /edge/v1/tickets/{event}/revocations?since=}.
   *
   * @param event the event id
   * @param since the version the gate holds (missing or unreadable: 0)
   * @param ifNoneMatch the ETag of the document the gate applied last, if any
   * @return 304 when current, 200 with a signed delta from {@code since} or the full list, or 404
   */
  public Reply revocations(String event, @Nullable String since, @Nullable String ifNoneMatch) {
    SignedDocument full = store.document(SignedDocument.REVOCATIONS, event(event))
        .orElseThrow(() -> Problem.of(404, "no_revocations", "nothing was revoked or blocked for this event"));
    long held = since != null && SINCE.matcher(since).matches() ? Long.parseLong(since) : 0;
    long now = full.sequence();
    if (held == now || Reply.names(ifNoneMatch, full.etag())) {
      return new Reply(304, Map.of("ETag", full.etag()), new byte[0]);
    }
    if (held >= 1 && held < now) {
      List<byte[]> changes = store.log(SignedDocument.REVOCATIONS, event, held, now);
      if (changes.size() == now - held) {
        return Reply.signed(signer.get().sign(SignedDocument.REVOCATIONS, now, delta(event, held, now, changes)), null);
      }
    }
    return Reply.signed(current(full), null);
  }

  /**
   * A stored list as the plane serves it now: signed by the key it signs with now. A list published
   * before a key rotation is signed again (same sequence, same bytes, same ETag) by the key the
   * hand-over reached, so a gate that followed the hand-over, and trusts only the new key, takes it.
   */
  private SignedDocument current(SignedDocument d) {
    Signer now = signer.get();
    return d.keyId().equals(now.keyId()) ? d : now.sign(d.kind(), d.sequence(), d.body());
  }

  /** A delta from {@code base} to {@code version}: the net effect of the changes logged between. */
  private static byte[] delta(String event, long base, long version, List<byte[]> changes) {
    TreeSet<String> revoke = new TreeSet<>();
    // Changes are logged as effective ones, so an id's blocks and unblocks alternate: an even count
    // nets out, an odd one is its last.
    Map<String, Integer> flips = new TreeMap<>();
    Map<String, Boolean> last = new TreeMap<>();
    String issuedAt = "";
    for (byte[] c : changes) {
      JsonNode n = PlaneJson.read(c, "a logged revocation change");
      n.path("revoke").forEach(id -> revoke.add(id.asText()));
      n.path("block").forEach(id -> {
        flips.merge(id.asText(), 1, Integer::sum);
        last.put(id.asText(), true);
      });
      n.path("unblock").forEach(id -> {
        flips.merge(id.asText(), 1, Integer::sum);
        last.put(id.asText(), false);
      });
      issuedAt = n.path("issuedAt").asText();
    }
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("format", REVOCATIONS_FORMAT).put("event", event)
        .put("baseVersion", base).put("version", version).put("issuedAt", issuedAt);
    ArrayNode r = o.putArray("revoke");
    revoke.forEach(r::add);
    ArrayNode b = o.putArray("block");
    ArrayNode u = o.putArray("unblock");
    flips.forEach((id, n) -> {
      if (n % 2 == 1) {
        (Boolean.TRUE.equals(last.get(id)) ? b : u).add(id);
      }
    });
    return PlaneJson.write(o);
  }

  // ---- what operators publish

  /**
   * {@code PUT /admin/v1/tickets/{event}/keys}: validates the keys, writes the event's key list at
   * its next version, signs and publishes it.
   *
   * @param event the event id
   * @param body a {@code TicketKeyInput}: {@code keys} and optionally {@code graceSeconds} (a whole
   *     TicketKeyList is accepted too; its version and issuedAt are the plane's to set)
   * @return the TicketPublication
   * @throws Problem 422 {@code invalid_document} naming every problem, 409 if another plane
   *     published at the same time or this plane's key was handed over
   */
  public synchronized Reply pushKeys(String event, byte[] body) {
    event(event);
    JsonNode in = PlaneJson.read(body, "the key list");
    List<String> problems = new ArrayList<>();
    if (!in.isObject()) {
      throw invalid("the key list", List.of("the key list must be a JSON object"));
    }
    unknown(in, KEY_LIST_MEMBERS, "", problems);
    if (in.has("event") && !event.equals(in.path("event").asText())) {
      problems.add("/event: the list is for " + in.path("event").asText() + ", not " + event);
    }
    if (in.has("format") && !KEYS_FORMAT.equals(in.path("format").asText())) {
      problems.add("/format: must be " + KEYS_FORMAT);
    }
    Signer s = publisher.get();
    long version = store.document(SignedDocument.TICKET_KEYS, event).map(SignedDocument::sequence).orElse(0L) + 1;
    ObjectNode doc = PlaneJson.MAPPER.createObjectNode().put("format", KEYS_FORMAT).put("event", event)
        .put("version", version).put("issuedAt", clock.instant().toString());
    if (in.has("graceSeconds")) {
      doc.set("graceSeconds", in.path("graceSeconds"));
    }
    ArrayNode keys = doc.putArray("keys");
    Set<String> kids = new HashSet<>();
    int i = 0;
    for (JsonNode k : in.path("keys")) {
      String at = "/keys/" + i++;
      unknown(k, KEY_MEMBERS, at, problems);
      ObjectNode key = keys.addObject();
      byte[] raw = publicKey(k.path("publicKey"), at, problems);
      String kid = raw == null ? k.path("kid").asText("") : SteeringKey.kidOf(raw);
      if (k.has("kid") && !kid.equals(k.path("kid").asText())) {
        problems.add(at + "/kid: is not the id of its publicKey (" + kid + ")");
      }
      if (!kids.add(kid)) {
        problems.add(at + "/kid: " + kid + " is listed twice");
      }
      key.put("kid", kid);
      for (String member : List.of("format", "publicKey", "activeFrom", "retiredAt")) {
        if (k.has(member)) {
          key.set(member, k.path(member));
        }
      }
    }
    if (!in.path("keys").isArray()) {
      problems.add("/keys: required, an array of keys");
    }
    byte[] written = PlaneJson.write(doc);
    problems.addAll(schemas.problems("TicketKeyList", written));
    if (!problems.isEmpty()) {
      throw invalid("the key list", problems);
    }
    return publish(event, s.sign(SignedDocument.TICKET_KEYS, version, written), null);
  }

  private static byte @Nullable [] publicKey(JsonNode v, String at, List<String> problems) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(v.asText(""));
    } catch (IllegalArgumentException e) {
      return null; // the schema names it
    }
    if (raw.length != SteeringKey.SIZE) {
      return null;
    }
    if (SteeringKey.decode(raw).isEmpty()) {
      problems.add(at + "/publicKey: is not an Ed25519 public key");
      return null;
    }
    return raw;
  }

  /**
   * {@code POST /admin/v1/tickets/{event}/revocations}: revokes (for good), blocks or unblocks
   * tickets; the event's list at its next version. Changes that change nothing (revoking a revoked
   * ticket) publish nothing.
   *
   * @param event the event id
   * @param body a {@code TicketChange}
   * @return the TicketPublication
   * @throws Problem 422 naming every problem, 409 as {@link #pushKeys}
   */
  public synchronized Reply change(String event, byte[] body) {
    event(event);
    JsonNode in = PlaneJson.read(body, "the change");
    List<String> problems = new ArrayList<>();
    if (!in.isObject()) {
      throw invalid("the change", List.of("the change must be a JSON object"));
    }
    unknown(in, CHANGE_MEMBERS, "", problems);
    Set<String> revoke = ids(in, "revoke", problems);
    Set<String> block = ids(in, "block", problems);
    Set<String> unblock = ids(in, "unblock", problems);
    for (String id : block) {
      if (unblock.contains(id)) {
        problems.add("/unblock: " + id + " is both blocked and unblocked");
      }
    }
    if (revoke.isEmpty() && block.isEmpty() && unblock.isEmpty()) {
      problems.add("/: name at least one ticket to revoke, block or unblock");
    }
    if (!problems.isEmpty()) {
      throw invalid("the change", problems);
    }
    Signer s = publisher.get();
    Optional<SignedDocument> current = store.document(SignedDocument.REVOCATIONS, event);
    TreeSet<String> revoked = new TreeSet<>();
    TreeSet<String> blocked = new TreeSet<>();
    current.ifPresent(d -> {
      JsonNode list = PlaneJson.read(d.body(), "the stored revocation list");
      list.path("revoked").forEach(id -> revoked.add(id.asText()));
      list.path("blocked").forEach(id -> blocked.add(id.asText()));
    });
    revoke.removeAll(revoked);
    block.removeAll(blocked);
    unblock.retainAll(blocked);
    if (revoke.isEmpty() && block.isEmpty() && unblock.isEmpty()) {
      return publication(event, current.orElse(null));
    }
    revoked.addAll(revoke);
    blocked.addAll(block);
    blocked.removeAll(unblock);
    if (revoked.size() + blocked.size() > MAX_IDS) {
      throw Problem.of(422, "too_many_tickets", "a revocation list holds at most " + MAX_IDS + " ids");
    }
    long version = current.map(SignedDocument::sequence).orElse(0L) + 1;
    String issuedAt = clock.instant().toString();
    ObjectNode full = PlaneJson.MAPPER.createObjectNode().put("format", REVOCATIONS_FORMAT).put("event", event)
        .put("version", version).put("issuedAt", issuedAt);
    ArrayNode r = full.putArray("revoked");
    revoked.forEach(r::add);
    ArrayNode b = full.putArray("blocked");
    blocked.forEach(b::add);
    ObjectNode logged = PlaneJson.MAPPER.createObjectNode().put("issuedAt", issuedAt);
    revoke.forEach(logged.putArray("revoke")::add);
    block.forEach(logged.putArray("block")::add);
    unblock.forEach(logged.putArray("unblock")::add);
    return publish(event, s.sign(SignedDocument.REVOCATIONS, version, PlaneJson.write(full)),
        PlaneJson.write(logged));
  }

  private Reply publish(String event, SignedDocument d, byte @Nullable [] logEntry) {
    if (!store.publish(event, d, logEntry)) {
      throw Problem.of(409, "concurrent_push", "another plane published the event's " + d.kind()
          + " at the same time; retry");
    }
    return publication(event, d);
  }

  private static Reply publication(String event, @Nullable SignedDocument d) {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("event", event).put("version", d == null ? 0 : d.sequence());
    if (d != null) {
      o.put("etag", d.etag()).put("keyId", d.keyId());
    }
    return Reply.json(200, PlaneJson.write(o));
  }

  private static Set<String> ids(JsonNode in, String member, List<String> problems) {
    TreeSet<String> out = new TreeSet<>();
    JsonNode list = in.path(member);
    if (list.isMissingNode()) {
      return out;
    }
    if (!list.isArray()) {
      problems.add("/" + member + ": must be an array of ticket ids");
      return out;
    }
    for (JsonNode id : list) {
      if (!id.isTextual() || !ID.matcher(id.asText()).matches()) {
        problems.add("/" + member + ": " + id + " is not a ticket id (1 to 64 characters of A-Z a-z 0-9 . _ -)");
      } else {
        out.add(id.asText());
      }
    }
    return out;
  }

  private static void unknown(JsonNode o, Set<String> known, String at, List<String> problems) {
    for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(at + "/" + name + ": unknown member");
      }
    }
  }

  private static Problem invalid(String what, List<String> problems) {
    return new Problem(422, "invalid_document", what + " was rejected: " + problems.size()
        + " problem(s); the plane keeps serving the current one", problems.subList(0, Math.min(50, problems.size())),
        null);
  }
}
