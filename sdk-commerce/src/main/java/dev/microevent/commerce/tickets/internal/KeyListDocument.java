package dev.microevent.commerce.tickets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.commerce.internal.EdKey;
import dev.microevent.core.internal.Json;
import dev.microevent.core.spi.SteeringKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of an event's ticket key list, as the edge plane serves it ({@code GET
 * /edge/v1/tickets/{event}/keys}, kind {@code ticket-keys}), read strictly through the SDK's one
 * bounded JSON reader:
 *
 * <pre>{@code
 * {"format":"microevent-ticket-keys/1","event":"ev-1","version":3,"issuedAt":"2026-06-13T17:00:00Z",
 *  "graceSeconds":86400,
 *  "keys":[{"kid":"3f9a0c1b2d4e5f60","format":"microevent-v1","publicKey":"<Base64 of 32 bytes>",
 *           "activeFrom":"2026-06-01T00:00:00Z","retiredAt":null}]}
 * }</pre>
 *
 * Every key must be a valid Ed25519 public key whose id is its {@code kid}; one bad key refuses
 * the whole list. Unknown members are ignored. Immutable once parsed.
 */
public final class KeyListDocument {
  /** The format tag. */
  public static final String FORMAT = "microevent-ticket-keys/1";
  /** The wire name of {@code TicketFormat.MICROEVENT_V1}. */
  public static final String MICROEVENT_V1 = "microevent-v1";
  /** The wire name of {@code TicketFormat.PRETIX_SIG1}. */
  public static final String PRETIX_SIG1 = "pretix_sig1";
  /** Most keys in one list. */
  public static final int MAX_KEYS = 64;
  /** The longest grace, in seconds (3650 days). */
  public static final long MAX_GRACE_SECONDS = 3650L * 86400;

  /** The event. */
  public final String event;
  /** The list's version, 1 or more. */
  public final long version;
  /** When the plane wrote it, if it says. */
  public final @Nullable Instant issuedAt;
  /** The grace in seconds, or -1 if the list does not say. */
  public final long graceSeconds;
  /** The keys, in list order. */
  public final List<Entry> keys;

  /**
   * One key.
   *
   * @param pretix whether it signs pretix secrets (else our tickets)
   * @param publicKey the raw 32 bytes
   * @param activeFrom from when, if not at once
   * @param retiredAt when it was retired, if it was
   */
  @SuppressWarnings("ArrayRecordComponent") // internal, never compared; the key is copied into a TicketKey
  public record Entry(boolean pretix, byte[] publicKey, @Nullable Instant activeFrom, @Nullable Instant retiredAt) {}

  private KeyListDocument(String event, long version, @Nullable Instant issuedAt, long graceSeconds,
      List<Entry> keys) {
    this.event = event;
    this.version = version;
    this.issuedAt = issuedAt;
    this.graceSeconds = graceSeconds;
    this.keys = List.copyOf(keys);
  }

  /**
   * Parses a key list.
   *
   * @param body the exact bytes received
   * @return the list
   * @throws MalformedDocumentException if it is not a key list of this format
   */
  public static KeyListDocument parse(byte[] body) throws MalformedDocumentException {
    JsonNode root = RevocationDocument.object(body, FORMAT, "a key list");
    String event = RevocationDocument.text(root, "event");
    if (event == null || !Tokens.isToken(event, 1, Tokens.MAX)) {
      throw new MalformedDocumentException("\"event\" must be an event id", null);
    }
    long version = RevocationDocument.number(root, "version");
    if (version < 1) {
      throw new MalformedDocumentException("\"version\" must be 1 or more", null);
    }
    Instant issuedAt = root.has("issuedAt") ? instant(root, "issuedAt") : null;
    long grace = -1;
    if (root.has("graceSeconds")) {
      grace = RevocationDocument.number(root, "graceSeconds");
      if (grace < 0 || grace > MAX_GRACE_SECONDS) {
        throw new MalformedDocumentException("\"graceSeconds\" must be 0.." + MAX_GRACE_SECONDS, null);
      }
    }
    JsonNode keys = root.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new MalformedDocumentException("\"keys\" must be an array", null);
    }
    if (keys.size() > MAX_KEYS) {
      throw new MalformedDocumentException("a key list holds at most " + MAX_KEYS + " keys, got " + keys.size(), null);
    }
    List<Entry> out = new ArrayList<>(keys.size());
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (JsonNode k : keys) {
      String where = "keys[" + i++ + "]";
      if (!k.isObject()) {
        throw new MalformedDocumentException(where + " must be an object", null);
      }
      String format = RevocationDocument.text(k, "format");
      if (!MICROEVENT_V1.equals(format) && !PRETIX_SIG1.equals(format)) {
        throw new MalformedDocumentException(where + ".format must be \"" + MICROEVENT_V1 + "\" or \"" + PRETIX_SIG1 + "\"",
            null);
      }
      String b64 = RevocationDocument.text(k, "publicKey");
      byte[] raw;
      try {
        raw = b64 == null || b64.length() != 44 ? new byte[0] : Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        raw = new byte[0];
      }
      if (EdKey.of(raw) == null) {
        throw new MalformedDocumentException(where + ".publicKey must be the Base64 of a valid raw 32-byte Ed25519 public key",
            null);
      }
      String kid = SteeringKey.kidOf(raw);
      if (!kid.equals(RevocationDocument.text(k, "kid"))) {
        throw new MalformedDocumentException(where + ".kid must be " + kid + ", the id of its publicKey", null);
      }
      if (!seen.add(kid)) {
        throw new MalformedDocumentException(where + " repeats key " + kid, null);
      }
      Instant from = nullableInstant(k, "activeFrom");
      Instant retired = nullableInstant(k, "retiredAt");
      out.add(new Entry(PRETIX_SIG1.equals(format), raw, from, retired));
    }
    return new KeyListDocument(event, version, issuedAt, grace, out);
  }

  /**
   * Writes a key list (for tests and tools that play the plane).
   *
   * @param event the event
   * @param version the version
   * @param issuedAt when written, or {@code null}
   * @param graceSeconds the grace, or -1 to leave it out
   * @param keys the keys
   * @return the JSON bytes
   */
  public static byte[] write(String event, long version, @Nullable Instant issuedAt, long graceSeconds,
      List<Entry> keys) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("event", event);
    root.put("version", version);
    if (issuedAt != null) {
      root.put("issuedAt", issuedAt.toString());
    }
    if (graceSeconds >= 0) {
      root.put("graceSeconds", graceSeconds);
    }
    ArrayNode a = root.putArray("keys");
    for (Entry e : keys) {
      ObjectNode k = a.addObject();
      k.put("kid", SteeringKey.kidOf(e.publicKey()));
      k.put("format", e.pretix() ? PRETIX_SIG1 : MICROEVENT_V1);
      k.put("publicKey", Base64.getEncoder().encodeToString(e.publicKey()));
      if (e.activeFrom() != null) {
        k.put("activeFrom", e.activeFrom().toString());
      }
      if (e.retiredAt() != null) {
        k.put("retiredAt", e.retiredAt().toString());
      }
    }
    return Json.write(root);
  }

  private static @Nullable Instant nullableInstant(JsonNode node, String name) throws MalformedDocumentException {
    JsonNode n = node.get(name);
    return n == null || n.isNull() ? null : instant(node, name);
  }

  private static Instant instant(JsonNode node, String name) throws MalformedDocumentException {
    String t = RevocationDocument.text(node, name);
    try {
      if (t != null) {
        return Instant.parse(t);
      }
    } catch (DateTimeParseException e) {
      throw new MalformedDocumentException("\"" + name + "\" must be an ISO-8601 instant", e);
    }
    throw new MalformedDocumentException("\"" + name + "\" must be an ISO-8601 instant", null);
  }
}
