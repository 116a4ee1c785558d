package dev.microevent.commerce.audit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.Money;
import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditException;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.audit.ConsistencyProof;
import dev.microevent.commerce.audit.InclusionProof;
import dev.microevent.commerce.audit.SignedTreeHead;
import dev.microevent.commerce.internal.EdKey;
import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.ScanConflict;
import dev.microevent.commerce.tickets.TicketException;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.commerce.tickets.internal.Tokens;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every byte and text form of the audit log: the canonical bytes an entry commits to, the bytes a
 * tree head signature covers, and the JSON documents (head, inclusion proof, consistency proof,
 * opening), read strictly through the SDK's one bounded JSON reader (a member named twice is
 * refused) with every field checked for its form, so outside bytes get an {@link AuditException}
 * ({@link AuditException.Reason#MALFORMED}) and nothing else. Stateless.
 */
public final class AuditCodec {
  /** The largest document read, in characters: the largest real one is a few KiB. */
  public static final int MAX_DOCUMENT = 64 * 1024;
  /** Format of a tree head document. */
  public static final String HEAD = "microevent-audit-head/1";
  /** Format of an inclusion proof document. */
  public static final String INCLUSION = "microevent-audit-inclusion/1";
  /** Format of a consistency proof document. */
  public static final String CONSISTENCY = "microevent-audit-consistency/1";
  /** Format of an opening document. */
  public static final String OPENING = "microevent-audit-opening/1";

  private static final byte[] HEAD_CONTEXT = "microevent-audit-tree-head/1".getBytes(StandardCharsets.US_ASCII);
  private static final byte VERSION = 1;
  private static final byte GATE_SCAN = 1;
  private static final byte CHECKOUT_OUTCOME = 2;
  private static final byte SCAN_CONFLICT = 3;
  private static final String KIND_GATE_SCAN = "gate-scan";
  private static final String KIND_CHECKOUT = "checkout-outcome";
  private static final String KIND_CONFLICT = "scan-conflict";
  private static final Set<String> CONFLICT_MEMBERS = Set.of("kind", "at", "event", "ticket", "conflict", "keptGate",
      "keptAt", "gate", "scannedAt");
  private static final Set<String> GATE_SCAN_MEMBERS = Set.of("kind", "at", "event", "ticket", "gate", "verdict");
  private static final Set<String> CHECKOUT_MEMBERS = Set.of("kind", "at", "checkout", "outcome", "amount",
      "currency");
  private static final int SIGNATURE_BASE64 = 88;
  private static final int HASH_BASE64 = 44;

  private AuditCodec() {}

  // ---- forms --------------------------------------------------------------------------------

  static AuditException malformed(String message, @Nullable Throwable cause) {
    return new AuditException(AuditException.Reason.MALFORMED, message, cause);
  }

  /**
   * Checks a log id: 1..64 characters of {@code [A-Za-z0-9._-]}.
   *
   * @param logId the id
   * @throws AuditException if it is not one
   */
  public static void checkLogId(String logId) {
    if (!Tokens.isToken(logId, 1, Tokens.MAX)) {
      throw malformed("a log id is 1.." + Tokens.MAX + " characters of [A-Za-z0-9._-], got '"
          + Tokens.shown(logId) + "'", null);
    }
  }

  /**
   * Checks a size or index: 0 or more.
   *
   * @param name what it is
   * @param value the value
   * @throws AuditException if negative
   */
  public static void checkSize(String name, long value) {
    if (value < 0) {
      throw malformed("\"" + name + "\" must be 0 or more, got " + value, null);
    }
  }

  /**
   * Checks a hash: 32 bytes.
   *
   * @param name what it is
   * @param hash the bytes
   * @throws AuditException if not 32 bytes
   */
  public static void checkHash(String name, byte[] hash) {
    if (hash.length != Hasher.SIZE) {
      throw malformed("\"" + name + "\" must be a " + Hasher.SIZE + "-byte hash, got " + hash.length + " bytes",
          null);
    }
  }

  /**
   * Checks a timestamp: years 0000..9999, whole milliseconds.
   *
   * @param t the instant
   * @throws AuditException if not
   */
  public static void checkTimestamp(Instant t) {
    if (t.isBefore(AuditEntry.EARLIEST) || t.isAfter(AuditEntry.LATEST) || !t.truncatedTo(ChronoUnit.MILLIS).equals(t)) {
      throw malformed("a time must be whole milliseconds within years 0000..9999, got " + t, null);
    }
  }

  /**
   * Checks a key id: 16 lowercase hex digits.
   *
   * @param keyId the id
   * @throws AuditException if not
   */
  public static void checkKeyId(String keyId) {
    if (keyId.length() != 16 || !keyId.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw malformed("a key id is 16 lowercase hex digits, got '" + Tokens.shown(keyId) + "'", null);
    }
  }

  /**
   * Checks a signature: 64 bytes.
   *
   * @param signature the bytes
   * @throws AuditException if not
   */
  public static void checkSignature(byte[] signature) {
    if (signature.length != EdKey.SIGNATURE_SIZE) {
      throw malformed("a signature is " + EdKey.SIGNATURE_SIZE + " bytes, got " + signature.length, null);
    }
  }

  /**
   * Copies a proof path, checking its form.
   *
   * @param path at most 64 hashes of 32 bytes
   * @return an unmodifiable list of copies
   * @throws AuditException if out of form
   */
  public static List<byte[]> copyPath(List<byte[]> path) {
    if (path.size() > Merkle.MAX_PATH) {
      throw malformed("a proof has at most " + Merkle.MAX_PATH + " hashes, got " + path.size(), null);
    }
    List<byte[]> out = new ArrayList<>(path.size());
    for (byte[] p : path) {
      checkHash("path", Objects.requireNonNull(p, "path element"));
      out.add(p.clone());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Whether two paths hold the same hashes.
   *
   * @param a one
   * @param b the other
   * @return whether equal
   */
  public static boolean samePath(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A hash code of a path's contents.
   *
   * @param path the path
   * @return the hash code
   */
  public static int pathHash(List<byte[]> path) {
    int h = 1;
    for (byte[] p : path) {
      h = 31 * h + Arrays.hashCode(p);
    }
    return h;
  }

  // ---- bytes --------------------------------------------------------------------------------

  /**
   * The canonical bytes of an entry (layout in {@link AuditEntry#canonicalBytes()}).
   *
   * @param e the entry
   * @return the bytes
   */
  public static byte[] canonical(AuditEntry e) {
    List<String> fields = new ArrayList<>(4);
    long amount = 0;
    String currency = "";
    if (e.kind() == AuditEntry.Kind.GATE_SCAN) {
      fields.add(e.event().orElseThrow().value());
      fields.add(e.ticket().orElseThrow().value());
      fields.add(e.gate().orElseThrow().value());
      fields.add(e.verdict().orElseThrow().name());
    } else if (e.kind() == AuditEntry.Kind.SCAN_CONFLICT) {
      fields.add(e.event().orElseThrow().value());
      fields.add(e.ticket().orElseThrow().value());
      fields.add(e.conflict().orElseThrow().name());
      fields.add(e.keptGate().orElseThrow().value());
      fields.add(e.gate().orElseThrow().value());
    } else {
      Money m = e.amount().orElseThrow();
      fields.add(e.checkout().orElseThrow().value());
      fields.add(e.outcome().orElseThrow().name());
      amount = m.minorUnits();
      currency = m.currency().getCurrencyCode();
    }
    int len = 2 + 8;
    for (String f : fields) {
      len += 1 + f.length();
    }
    if (e.kind() == AuditEntry.Kind.CHECKOUT_OUTCOME) {
      len += 8 + 1 + currency.length();
    }
    if (e.kind() == AuditEntry.Kind.SCAN_CONFLICT) {
      len += 16;
    }
    ByteBuffer b = ByteBuffer.allocate(len);
    b.put(VERSION).put(switch (e.kind()) {
      case GATE_SCAN -> GATE_SCAN;
      case CHECKOUT_OUTCOME -> CHECKOUT_OUTCOME;
      case SCAN_CONFLICT -> SCAN_CONFLICT;
    }).putLong(e.at().toEpochMilli());
    for (String f : fields) {
      putString(b, f);
    }
    if (e.kind() == AuditEntry.Kind.CHECKOUT_OUTCOME) {
      b.putLong(amount);
      putString(b, currency);
    }
    if (e.kind() == AuditEntry.Kind.SCAN_CONFLICT) {
      b.putLong(e.keptAt().orElseThrow().toEpochMilli()).putLong(e.scannedAt().orElseThrow().toEpochMilli());
    }
    return b.array();
  }

  private static void putString(ByteBuffer b, String s) {
    b.put((byte) s.length()).put(s.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The bytes a tree head signature covers (layout in {@link SignedTreeHead}).
   *
   * @param logId the log
   * @param size the tree size
   * @param root the root hash
   * @param timestamp when signed
   * @return the bytes
   */
  public static byte[] signedHeadBytes(String logId, long size, byte[] root, Instant timestamp) {
    byte[] id = logId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(HEAD_CONTEXT.length + 2 + id.length + 8 + root.length + 8)
        .put(HEAD_CONTEXT).put((byte) 0).put((byte) id.length).put(id).putLong(size).put(root)
        .putLong(timestamp.toEpochMilli()).array();
  }

  // ---- documents ----------------------------------------------------------------------------

  /**
   * Writes a head document.
   *
   * @param h the head
   * @return JSON text
   */
  public static String writeHead(SignedTreeHead h) {
    ObjectNode root = document(HEAD, h.logId());
    root.put("size", h.size());
    root.put("root", b64(h.root()));
    root.put("timestamp", h.timestamp().toString());
    root.put("keyId", h.keyId());
    root.put("signature", b64(h.signature()));
    return text(root);
  }

  /**
   * Reads a head document.
   *
   * @param json the text
   * @return the head
   * @throws AuditException if malformed
   */
  public static SignedTreeHead parseHead(String json) {
    JsonNode root = read(json, HEAD);
    return SignedTreeHead.of(logId(root), number(root, "size"), bytes(root, "root", HASH_BASE64),
        instant(root, "timestamp"), string(root, "keyId", 16), bytes(root, "signature", SIGNATURE_BASE64));
  }

  /** What both proof documents hold: the log, two numbers and the path. */
  private record ProofFields(String logId, long first, long second, List<byte[]> path) {}

  private static String writeProof(String format, String logId, String first, long firstValue, String second,
      long secondValue, List<byte[]> path) {
    ObjectNode root = document(format, logId);
    root.put(first, firstValue);
    root.put(second, secondValue);
    ArrayNode a = root.putArray("path");
    path.forEach(p -> a.add(b64(p)));
    return text(root);
  }

  private static ProofFields readProof(String json, String format, String first, String second) {
    JsonNode root = read(json, format);
    return new ProofFields(logId(root), number(root, first), number(root, second), path(root));
  }

  /**
   * Writes an inclusion proof document.
   *
   * @param p the proof
   * @return JSON text
   */
  public static String writeInclusion(InclusionProof p) {
    return writeProof(INCLUSION, p.logId(), "index", p.index(), "size", p.treeSize(), p.path());
  }

  /**
   * Reads an inclusion proof document.
   *
   * @param json the text
   * @return the proof
   * @throws AuditException if malformed
   */
  public static InclusionProof parseInclusion(String json) {
    ProofFields f = readProof(json, INCLUSION, "index", "size");
    return InclusionProof.of(f.logId(), f.first(), f.second(), f.path());
  }

  /**
   * Writes a consistency proof document.
   *
   * @param p the proof
   * @return JSON text
   */
  public static String writeConsistency(ConsistencyProof p) {
    return writeProof(CONSISTENCY, p.logId(), "from", p.firstSize(), "to", p.secondSize(), p.path());
  }

  /**
   * Reads a consistency proof document.
   *
   * @param json the text
   * @return the proof
   * @throws AuditException if malformed
   */
  public static ConsistencyProof parseConsistency(String json) {
    ProofFields f = readProof(json, CONSISTENCY, "from", "to");
    return ConsistencyProof.of(f.logId(), f.first(), f.second(), f.path());
  }

  /**
   * Writes an opening document.
   *
   * @param r the receipt
   * @return JSON text
   */
  public static String writeOpening(AuditReceipt r) {
    ObjectNode root = document(OPENING, r.logId());
    root.put("index", r.index());
    root.put("salt", b64(r.salt()));
    ObjectNode e = root.putObject("entry");
    AuditEntry entry = r.entry();
    e.put("at", entry.at().toString());
    if (entry.kind() == AuditEntry.Kind.GATE_SCAN) {
      e.put("kind", KIND_GATE_SCAN);
      e.put("event", entry.event().orElseThrow().value());
      e.put("ticket", entry.ticket().orElseThrow().value());
      e.put("gate", entry.gate().orElseThrow().value());
      e.put("verdict", entry.verdict().orElseThrow().name());
    } else if (entry.kind() == AuditEntry.Kind.SCAN_CONFLICT) {
      e.put("kind", KIND_CONFLICT);
      e.put("event", entry.event().orElseThrow().value());
      e.put("ticket", entry.ticket().orElseThrow().value());
      e.put("conflict", entry.conflict().orElseThrow().name());
      e.put("keptGate", entry.keptGate().orElseThrow().value());
      e.put("keptAt", entry.keptAt().orElseThrow().toString());
      e.put("gate", entry.gate().orElseThrow().value());
      e.put("scannedAt", entry.scannedAt().orElseThrow().toString());
    } else {
      Money m = entry.amount().orElseThrow();
      e.put("kind", KIND_CHECKOUT);
      e.put("checkout", entry.checkout().orElseThrow().value());
      e.put("outcome", entry.outcome().orElseThrow().name());
      e.put("amount", m.minorUnits());
      e.put("currency", m.currency().getCurrencyCode());
    }
    return text(root);
  }

  /**
   * Reads an opening document.
   *
   * @param json the text
   * @return the receipt
   * @throws AuditException if malformed
   */
  public static AuditReceipt parseOpening(String json) {
    JsonNode root = read(json, OPENING);
    String logId = logId(root);
    long index = number(root, "index");
    byte[] salt = bytes(root, "salt", 24);
    JsonNode e = root.get("entry");
    if (e == null || !e.isObject()) {
      throw malformed("\"entry\" must be an object", null);
    }
    String kind = string(e, "kind", 32);
    Set<String> allowed = switch (kind) {
      case KIND_GATE_SCAN -> GATE_SCAN_MEMBERS;
      case KIND_CHECKOUT -> CHECKOUT_MEMBERS;
      case KIND_CONFLICT -> CONFLICT_MEMBERS;
      default -> throw malformed("\"entry.kind\" must be \"" + KIND_GATE_SCAN + "\", \"" + KIND_CHECKOUT
          + "\" or \"" + KIND_CONFLICT + "\"", null);
    };
    for (Iterator<String> names = e.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw malformed("\"entry\" of kind " + kind + " has no member \"" + Tokens.shown(name)
            + "\" (a member the commitment does not cover is refused)", null);
      }
    }
    Instant at = instant(e, "at");
    AuditEntry entry;
    try {
      if (kind.equals(KIND_GATE_SCAN)) {
        entry = AuditEntry.gateScan(EventId.of(string(e, "event", Tokens.MAX)),
            TicketId.of(string(e, "ticket", Tokens.MAX)), GateId.of(string(e, "gate", Tokens.MAX)),
            VerdictKind.valueOf(name(e, "verdict")), at);
      } else if (kind.equals(KIND_CONFLICT)) {
        entry = AuditEntry.scanConflict(EventId.of(string(e, "event", Tokens.MAX)),
            TicketId.of(string(e, "ticket", Tokens.MAX)), ScanConflict.Kind.valueOf(name(e, "conflict")),
            GateId.of(string(e, "keptGate", Tokens.MAX)), instant(e, "keptAt"), GateId.of(string(e, "gate", Tokens.MAX)),
            instant(e, "scannedAt"), at);
      } else {
        entry = AuditEntry.checkoutOutcome(new CheckoutId(string(e, "checkout", 255)),
            CheckoutOutcome.valueOf(name(e, "outcome")), Money.of(number(e, "amount"), string(e, "currency", 3)), at);
      }
    } catch (TicketException | IllegalArgumentException ex) {
      throw malformed("\"entry\" holds a value out of its form: " + ex.getMessage(), ex);
    }
    return AuditReceipt.of(logId, index, salt, entry);
  }

  private static ObjectNode document(String format, String logId) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", format);
    root.put("log", logId);
    return root;
  }

  private static String text(ObjectNode root) {
    return new String(Json.write(root), StandardCharsets.UTF_8);
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static JsonNode read(String json, String format) {
    if (json.length() > MAX_DOCUMENT) {
      throw malformed("an audit document is at most " + MAX_DOCUMENT + " characters, got " + json.length(), null);
    }
    JsonNode root;
    try {
      root = Json.readStrictTree(json.getBytes(StandardCharsets.UTF_8));
    } catch (ResponseMappingException e) {
      throw malformed("not a JSON document: " + e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw malformed("an audit document is a JSON object", null);
    }
    JsonNode f = root.get("format");
    if (f == null || !f.isTextual() || !format.equals(f.textValue())) {
      throw malformed("\"format\" must be \"" + format + "\"", null);
    }
    return root;
  }

  private static String logId(JsonNode root) {
    String id = string(root, "log", Tokens.MAX);
    checkLogId(id);
    return id;
  }

  private static String string(JsonNode node, String name, int max) {
    JsonNode n = node.get(name);
    if (n == null || !n.isTextual()) {
      throw malformed("\"" + name + "\" must be a string", null);
    }
    String s = n.textValue();
    if (s.isEmpty() || s.length() > max) {
      throw malformed("\"" + name + "\" must be 1.." + max + " characters, got " + s.length(), null);
    }
    return s;
  }

  private static String name(JsonNode node, String name) {
    String s = string(node, name, 32);
    if (!Tokens.isToken(s, 1, 32)) {
      throw malformed("\"" + name + "\" must be a name such as VALID or PAID", null);
    }
    return s;
  }

  private static long number(JsonNode node, String name) {
    JsonNode n = node.get(name);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw malformed("\"" + name + "\" must be an integer from 0 to 2^63-1", null);
    }
    return n.longValue();
  }

  private static byte[] bytes(JsonNode node, String name, int maxBase64) {
    String s = string(node, name, maxBase64);
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw malformed("\"" + name + "\" must be Base64: " + e.getMessage(), e);
    }
  }

  private static Instant instant(JsonNode node, String name) {
    String s = string(node, name, 40);
    Instant t;
    try {
      t = Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw malformed("\"" + name + "\" must be an ISO-8601 instant such as 2026-06-13T20:15:03.250Z", e);
    }
    checkTimestamp(t);
    return t;
  }

  private static List<byte[]> path(JsonNode root) {
    JsonNode a = root.get("path");
    if (a == null || !a.isArray()) {
      throw malformed("\"path\" must be an array of Base64 hashes", null);
    }
    if (a.size() > Merkle.MAX_PATH) {
      throw malformed("a proof has at most " + Merkle.MAX_PATH + " hashes, got " + a.size(), null);
    }
    List<byte[]> out = new ArrayList<>(a.size());
    for (JsonNode n : a) {
      if (!n.isTextual() || n.textValue().length() > HASH_BASE64) {
        throw malformed("\"path\" holds something that is not a Base64 hash", null);
      }
      try {
        out.add(Base64.getDecoder().decode(n.textValue()));
      } catch (IllegalArgumentException e) {
        throw malformed("\"path\" holds something that is not Base64: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
