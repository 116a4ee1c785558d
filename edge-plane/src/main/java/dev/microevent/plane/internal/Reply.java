package dev.microevent.plane.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP answer the plane sends.
 *
 * @param status the status
 * @param headers headers to set (names as sent)
 * @param body the body; empty for none
 */
@SuppressWarnings("ArrayRecordComponent") // a transient value, never compared
public record Reply(int status, Map<String, String> headers, byte[] body) {
  /**
   * A JSON answer.
   *
   * @param status the status
   * @param json the body
   * @return the reply
   */
  public static Reply json(int status, byte[] json) {
    return new Reply(status, Map.of("Content-Type", "application/json"), json);
  }

  /**
   * A JSON answer with extra headers.
   *
   * @param status the status
   * @param json the body
   * @param headers the extra headers
   * @return the reply
   */
  public static Reply json(int status, byte[] json, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    return new Reply(status, all, json);
  }

  /**
   * A signed document as served: {@code 304} with its ETag when {@code ifNoneMatch} names it, else
   * {@code 200} with its body, ETag and {@value SignedDocument#HEADER} header.
   *
   * @param d the document
   * @param ifNoneMatch the client's {@code If-None-Match}, if any
   * @return the reply
   */
  public static Reply signed(SignedDocument d, @Nullable String ifNoneMatch) {
    if (names(ifNoneMatch, d.etag())) {
      return new Reply(304, Map.of("ETag", d.etag()), new byte[0]);
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ETag", d.etag());
    h.put(SignedDocument.HEADER, d.header());
    h.put("Cache-Control", "no-cache");
    return json(200, d.body(), h);
  }

  /**
   * Whether an {@code If-None-Match} value names an ETag: RFC 9110 13.1.2, a comma-separated list
   * of entity tags (a client lists the document it runs and one it refused), or {@code *}.
   *
   * @param ifNoneMatch the header's value, if any
   * @param etag the current strong ETag, quoted
   * @return whether the list holds it (weakly compared)
   */
  public static boolean names(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",", 32)) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag) || (t.startsWith("W/") && t.substring(2).equals(etag))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The reply for a refusal.
   *
   * @param p the refusal
   * @return the reply
   */
  public static Reply of(Problem p) {
    String retry = p.retryAfterSeconds();
    return retry == null ? json(p.status(), p.body()) : json(p.status(), p.body(), Map.of("Retry-After", retry));
  }
}
