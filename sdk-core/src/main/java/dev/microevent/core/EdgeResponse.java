package dev.microevent.core;

import dev.microevent.core.internal.TrustedResponses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A successful answer to a logical call, with where it came from and what it took: a 2xx, or a
 * {@code 304 Not Modified} to a conditional request (its headers refresh the caller's stored
 * copy). Immutable and thread-safe.
 */
public final class EdgeResponse {
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String planeId;
  private final int attempts;
  private final Duration latency;
  private final @Nullable String idempotencyKey;

  static {
    // The client's own responses skip the defensive copies: their parts are fresh and shared with no one.
    TrustedResponses.install((status, h, b, plane, n, took, key) ->
        new EdgeResponse(status, h, b, plane, n, took, key, false));
  }

  /**
   * Creates a response (the client does; fakes and tests may).
   *
   * @param statusCode the HTTP status, 200..299 or 304
   * @param headers response headers by lower-case name
   * @param body the body bytes (copied)
   * @param planeId id of the plane that answered
   * @param attempts attempts the call took, 1 or more
   * @param latency time from the call's start to the end of the body
   * @param idempotencyKey the key the call carried, if any
   */
  public EdgeResponse(int statusCode, Map<String, List<String>> headers, byte[] body, String planeId,
      int attempts, Duration latency, @Nullable String idempotencyKey) {
    this(statusCode, headers, body, planeId, attempts, latency, idempotencyKey, true);
  }

  /**
   * With {@code copy} false, keeps {@code headers} and {@code body} as given: the client made them
   * (an unmodifiable map of immutable lists, a fresh array) and shares them with no one.
   */
  private EdgeResponse(int statusCode, Map<String, List<String>> headers, byte[] body, String planeId,
      int attempts, Duration latency, @Nullable String idempotencyKey, boolean copy) {
    this.statusCode = statusCode;
    this.headers = copy ? copy(headers) : headers;
    this.body = copy ? body.clone() : body;
    this.planeId = planeId;
    this.attempts = attempts;
    this.latency = latency;
    this.idempotencyKey = idempotencyKey;
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }

  /** {@return the HTTP status, 200..299, or 304 for a conditional request whose copy is still current} */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Response headers by lower-case name.
   *
   * @return the response headers, by lower-case name
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** {@return the body bytes (a copy)} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body as UTF-8 text} */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** {@return id of the plane that answered} */
  public String planeId() {
    return planeId;
  }

  /**
   * Attempts the call took, 1 or more.
   *
   * @return how many attempts (HTTP exchanges) the call took, 1 or more
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Time from the call's start to the end of the body.
   *
   * @return the time from the call's start to the end of the body, retries and failover included
   */
  public Duration latency() {
    return latency;
  }

  /** {@return the idempotency key the call carried, for keyed intents} */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * The first value of a header.
   *
   * @param name case-insensitive header name
   * @return its first value, if present
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public String toString() {
    return "EdgeResponse{" + statusCode + " from " + planeId + ", " + body.length + " bytes, "
        + attempts + " attempt(s), " + latency.toMillis() + " ms}";
  }
}
