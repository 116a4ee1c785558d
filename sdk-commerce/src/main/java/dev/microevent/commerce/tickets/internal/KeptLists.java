package dev.microevent.commerce.tickets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The signed ticket lists a gate last applied, as it keeps them in its {@link ListStore}: each
 * document with its signature header exactly as the edge plane served them (so they are verified
 * again when read back, never trusted for being there), the key chain it followed to a handed-over
 * plane key, and the ETags to pull with. The revocations are the last full list and the deltas
 * applied on it, in order. One JSON value, written whole. Immutable.
 *
 * @param keyChain the plane's key chain ({@code GET /edge/v1/keys}) last followed, if any
 * @param keys the key list in force, if any
 * @param keysEtag its ETag, if any
 * @param revocations the revocation documents applied (a full list, then deltas), oldest first
 * @param revocationsEtag the ETag of the last one, if any
 */
@SuppressWarnings("ArrayRecordComponent")
public record KeptLists(byte @Nullable [] keyChain, @Nullable Doc keys, @Nullable String keysEtag, List<Doc> revocations,
    @Nullable String revocationsEtag) {

  /** A format marker, so another value under the name is not read as lists. */
  static final String FORMAT = "microevent-kept-ticket-lists/1";

  /**
   * One signed document as served.
   *
   * @param signature its {@code Microevent-Signature} header
   * @param body its exact bytes
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record Doc(String signature, byte[] body) {}

  /**
   * Copies the list.
   *
   * @param keyChain the plane's key chain ({@code GET /edge/v1/keys}) last followed, if any
   * @param keys the key list in force, if any
   * @param keysEtag its ETag, if any
   * @param revocations the revocation documents applied (a full list, then deltas), oldest first
   * @param revocationsEtag the ETag of the last one, if any
   */
  public KeptLists {
    revocations = List.copyOf(revocations);
  }

  /**
   * The value to keep.
   *
   * @return JSON text
   */
  public String write() {
    ObjectNode o = Json.mapper().createObjectNode().put("format", FORMAT);
    byte[] chain = keyChain;
    if (chain != null) {
      o.put("keyChain", Base64.getEncoder().encodeToString(chain));
    }
    Doc k = keys;
    if (k != null) {
      o.set("keys", doc(k));
      o.put("keysEtag", keysEtag);
    }
    revocations.forEach(d -> o.withArray("revocations").add(doc(d)));
    o.put("revocationsEtag", revocationsEtag);
    return new String(Json.write(o), StandardCharsets.UTF_8);
  }

  private static ObjectNode doc(Doc d) {
    return Json.mapper().createObjectNode().put("signature", d.signature())
        .put("body", Base64.getEncoder().encodeToString(d.body()));
  }

  /**
   * Reads a kept value back (its signatures are not checked here).
   *
   * @param text the value
   * @return the lists
   * @throws MalformedDocumentException if it is not such a value
   */
  public static KeptLists read(String text) throws MalformedDocumentException {
    try {
      JsonNode o = Json.read(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
      if (!FORMAT.equals(o.path("format").asText(""))) {
        throw new MalformedDocumentException("not " + FORMAT, null);
      }
      byte[] chain = o.hasNonNull("keyChain") ? Base64.getDecoder().decode(o.path("keyChain").asText()) : null;
      Doc keys = o.hasNonNull("keys") ? doc(o.path("keys")) : null;
      List<Doc> revocations = new ArrayList<>();
      for (JsonNode d : o.path("revocations")) {
        revocations.add(doc(d));
      }
      return new KeptLists(chain, keys, etag(o, "keysEtag"), revocations, etag(o, "revocationsEtag"));
    } catch (ResponseMappingException | IllegalArgumentException e) {
      throw new MalformedDocumentException("kept ticket lists that do not parse: " + e.getMessage(), e);
    }
  }

  private static Doc doc(JsonNode d) throws MalformedDocumentException {
    if (!d.path("signature").isTextual() || !d.path("body").isTextual()) {
      throw new MalformedDocumentException("a kept document without its signature or body", null);
    }
    return new Doc(d.path("signature").asText(), Base64.getDecoder().decode(d.path("body").asText()));
  }

  private static @Nullable String etag(JsonNode o, String name) {
    return o.path(name).isTextual() ? o.path(name).asText() : null;
  }
}
