package dev.microevent.plane.internal;

import java.util.LinkedHashMap;
import java.util.Map;

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
