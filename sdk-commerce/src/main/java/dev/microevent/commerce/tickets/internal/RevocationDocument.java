package dev.microevent.commerce.tickets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a revocation list (full) or a revocation delta, read strictly through the
 * SDK's one bounded JSON reader (size, depth and string limits; a member named twice is refused):
 *
 * <pre>{@code
 * {"format":"microevent-revocations/1","event":"ev-1","version":7,"issuedAt":"2026-06-13T17:00:00Z",
 *  "revoked":["T-1"],"blocked":["T-2"]}
 * {"format":"microevent-revocations/1","event":"ev-1","baseVersion":7,"version":8,
 *  "revoke":["T-3"],"block":["T-4"],"unblock":["T-2"]}
 * }</pre>
 *
 * Unknown members are ignored (later versions may add some); the members of the other kind of
 * document are refused. Immutable once parsed.
 */
public final class RevocationDocument {
  /** The format tag. */
  public static final String FORMAT = "microevent-revocations/1";
  /** Most ids in one document. */
  public static final int MAX_ENTRIES = 1_000_000;

  /** Whether this is a delta. */
  public final boolean delta;
  /** The event. */
  public final String event;
  /** The version this document brings the list to. */
  public final long version;
  /** A delta's base version; -1 for a full list. */
  public final long baseVersion;
  /** When the server wrote it, if it says. */
  public final @Nullable Instant issuedAt;
  /** Full: revoked ids. Delta: ids to revoke. */
  public final List<String> revoke;
  /** Full: blocked ids. Delta: ids to block. */
  public final List<String> block;
  /** Delta: ids to unblock; empty for a full list. */
  public final List<String> unblock;

  /**
   * A document to write.
   *
   * @param delta whether it is a delta
   * @param event the event
   * @param version the version
   * @param baseVersion the base (deltas) or -1
   * @param issuedAt when written, or {@code null}
   * @param revoke revoked / to revoke
   * @param block blocked / to block
   * @param unblock to unblock (deltas)
   */
  public RevocationDocument(boolean delta, String event, long version, long baseVersion, @Nullable Instant issuedAt,
      List<String> revoke, List<String> block, List<String> unblock) {
    this.delta = delta;
    this.event = event;
    this.version = version;
    this.baseVersion = baseVersion;
    this.issuedAt = issuedAt;
    this.revoke = List.copyOf(revoke);
    this.block = List.copyOf(block);
    this.unblock = List.copyOf(unblock);
  }

  /**
   * Parses a document.
   *
   * @param json the text
   * @return the document
   * @throws MalformedDocumentException if it is not a document of this format
   */
  public static RevocationDocument parse(String json) throws MalformedDocumentException {
    if (json.length() > Json.MAX_DOCUMENT) {
      throw new MalformedDocumentException("the document has " + json.length() + " characters, more than "
          + Json.MAX_DOCUMENT, null);
    }
    JsonNode root = object(json.getBytes(StandardCharsets.UTF_8), FORMAT, "a revocation document");
    String event = text(root, "event");
    if (event == null || !Tokens.isToken(event, 1, Tokens.MAX)) {
      throw new MalformedDocumentException("\"event\" must be an event id", null);
    }
    long version = number(root, "version");
    if (version < 0) {
      throw new MalformedDocumentException("\"version\" must be a non-negative integer", null);
    }
    boolean delta = root.has("baseVersion");
    long base = delta ? number(root, "baseVersion") : -1;
    if (delta && (base < 0 || version <= base)) {
      throw new MalformedDocumentException("a delta needs 0 <= baseVersion < version, got " + base + " -> " + version, null);
    }
    Instant issuedAt = null;
    if (root.has("issuedAt")) {
      String t = text(root, "issuedAt");
      try {
        issuedAt = t == null ? null : Instant.parse(t);
      } catch (DateTimeParseException e) {
        issuedAt = null;
      }
      if (issuedAt == null) {
        throw new MalformedDocumentException("\"issuedAt\" must be an ISO-8601 instant", null);
      }
    }
    String[] mine = delta ? new String[] {"revoke", "block", "unblock"} : new String[] {"revoked", "blocked"};
    String[] theirs = delta ? new String[] {"revoked", "blocked"} : new String[] {"revoke", "block", "unblock"};
    for (String name : theirs) {
      if (root.has(name)) {
        throw new MalformedDocumentException("\"" + name + "\" belongs to a " + (delta ? "full list" : "delta")
            + ", not a " + (delta ? "delta" : "full list"), null);
      }
    }
    int[] budget = {MAX_ENTRIES};
    List<String> revoke = ids(root, mine[0], budget);
    List<String> block = ids(root, mine[1], budget);
    List<String> unblock = delta ? ids(root, mine[2], budget) : List.of();
    if (!unblock.isEmpty()) {
      Set<String> blocking = new HashSet<>(block);
      for (String id : unblock) {
        if (blocking.contains(id)) {
          throw new MalformedDocumentException("the delta both blocks and unblocks " + Tokens.shown(id), null);
        }
      }
    }
    return new RevocationDocument(delta, event, version, base, issuedAt, revoke, block, unblock);
  }

  /**
   * Writes this document.
   *
   * @return the JSON text
   */
  public String write() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("event", event);
    if (delta) {
      root.put("baseVersion", baseVersion);
    }
    root.put("version", version);
    if (issuedAt != null) {
      root.put("issuedAt", issuedAt.toString());
    }
    String[] names = delta ? new String[] {"revoke", "block", "unblock"} : new String[] {"revoked", "blocked"};
    List<List<String>> lists = List.of(revoke, block, unblock);
    for (int i = 0; i < names.length; i++) {
      ArrayNode a = root.putArray(names[i]);
      lists.get(i).forEach(a::add);
    }
    return new String(Json.write(root), StandardCharsets.UTF_8);
  }

  /**
   * Reads a ticket document strictly (the SDK's bounded JSON reader) and checks it is an object
   * of a format.
   *
   * @param json the bytes
   * @param format the {@code format} member it must have
   * @param what what it is, for messages
   * @return the object
   * @throws MalformedDocumentException if it is not
   */
  static JsonNode object(byte[] json, String format, String what) throws MalformedDocumentException {
    if (json.length > Json.MAX_DOCUMENT) {
      throw new MalformedDocumentException(what + " has " + json.length + " bytes, more than " + Json.MAX_DOCUMENT,
          null);
    }
    JsonNode root;
    try {
      root = Json.readStrictTree(json);
    } catch (ResponseMappingException e) {
      throw new MalformedDocumentException(String.valueOf(e.getMessage()), e);
    }
    if (!root.isObject()) {
      throw new MalformedDocumentException(what + " is a JSON object", null);
    }
    if (!format.equals(text(root, "format"))) {
      throw new MalformedDocumentException("\"format\" must be \"" + format + "\"", null);
    }
    return root;
  }

  static @Nullable String text(JsonNode root, String name) {
    JsonNode n = root.get(name);
    return n != null && n.isTextual() ? n.textValue() : null;
  }

  static long number(JsonNode root, String name) throws MalformedDocumentException {
    JsonNode n = root.get(name);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new MalformedDocumentException("\"" + name + "\" must be an integer", null);
    }
    return n.longValue();
  }

  private static List<String> ids(JsonNode root, String name, int[] budget) throws MalformedDocumentException {
    JsonNode n = root.get(name);
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new MalformedDocumentException("\"" + name + "\" must be an array of ticket ids", null);
    }
    if (n.size() > budget[0]) {
      throw new MalformedDocumentException("the document lists more than " + MAX_ENTRIES + " ids", null);
    }
    budget[0] -= n.size();
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isTextual() || !Tokens.isToken(e.textValue(), 1, Tokens.MAX)) {
        throw new MalformedDocumentException("\"" + name + "\" holds something that is not a ticket id", null);
      }
      out.add(e.textValue());
    }
    return out;
  }
}
