package dev.microevent.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request a fake received on the wire, as it arrived: method, target, headers, body,
 * when, on which connection from which source address, and which fault (if any) the fake applied
 * to it. Every attempt of a logical call is its own {@code ReceivedRequest}, so tests can check,
 * for example, that every retry carried the same {@code Idempotency-Key}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReceivedRequest {
  private final long sequence;
  private final String method;
  private final String target;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final Instant receivedAt;
  private final int connection;
  private final String sourceAddress;
  private final String fault;

  /**
   * Creates a record of a request (the fakes do; tests rarely need to).
   *
   * @param sequence 1 for the first request the fake received
   * @param method HTTP method
   * @param target request target as sent: path and optional query, or a proxy client's absolute
   *     URI
   * @param headers headers by lower-case name
   * @param body body bytes (copied)
   * @param receivedAt when the request was complete, on the fake's clock
   * @param connection 1 for the fake's first accepted connection
   * @param sourceAddress the client's IP address on that connection, e.g. {@code 127.0.0.2}
   * @param fault description of the fault applied to it, empty when none
   */
  public ReceivedRequest(long sequence, String method, String target, Map<String, List<String>> headers,
      byte[] body, Instant receivedAt, int connection, String sourceAddress, String fault) {
    this.sequence = sequence;
    this.method = Objects.requireNonNull(method, "method");
    this.target = Objects.requireNonNull(target, "target");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body.clone();
    this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    this.connection = connection;
    this.sourceAddress = Objects.requireNonNull(sourceAddress, "sourceAddress");
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  /** A copy noting the fault applied to it. */
  ReceivedRequest withFault(String appliedFault) {
    return new ReceivedRequest(sequence, method, target, headers, body, receivedAt, connection, sourceAddress,
        appliedFault);
  }

  /** {@return 1 for the first request this fake received, counting every request (heartbeats included)} */
  public long sequence() {
    return sequence;
  }

  /** {@return the HTTP method, e.g. {@code POST}} */
  public String method() {
    return method;
  }

  /**
   * {@return the request target as sent: path plus optional {@code ?query}, or the absolute URI a
   * client sends to a proxy ({@code http://host:port/path?query})}
   */
  public String target() {
    return target;
  }

  /** {@return the path without the query (of an absolute target too: without scheme and authority)} */
  public String path() {
    int start = 0;
    int authority = target.startsWith("/") ? -1 : target.indexOf("://");
    if (authority >= 0) {
      start = authority + 3;
      while (start < target.length() && target.charAt(start) != '/' && target.charAt(start) != '?') {
        start++;
      }
    }
    int q = target.indexOf('?', start);
    String path = q < 0 ? target.substring(start) : target.substring(start, q);
    return path.isEmpty() ? "/" : path;
  }

  /** {@return the raw query (without {@code ?}), if any} */
  public Optional<String> query() {
    int q = target.indexOf('?');
    return q < 0 ? Optional.empty() : Optional.of(target.substring(q + 1));
  }

  /** {@return headers by lower-case name, in arrival order} */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The first value of a header.
   *
   * @param name case-insensitive name
   * @return its first value, if present
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** {@return the {@code Idempotency-Key} this attempt carried, if any} */
  public Optional<String> idempotencyKey() {
    return header("Idempotency-Key");
  }

  /** {@return the body bytes (a copy)} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body length in bytes} */
  public int bodySize() {
    return body.length;
  }

  /** {@return the body as UTF-8 text} */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** {@return when the request was complete, on the fake's clock} */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** {@return 1 for the first connection the fake accepted; attempts on a reused connection share it} */
  public int connection() {
    return connection;
  }

  /**
   * {@return the client's IP address as the fake saw it, e.g. {@code 127.0.0.3}: which local
   * address (and so which 5G slice, with sdk-slices on loopback) the request left from}
   */
  public String sourceAddress() {
    return sourceAddress;
  }

  /** {@return the fault the fake applied to this request (e.g. {@code reset}), or empty if it answered normally} */
  public String fault() {
    return fault;
  }

  /** {@return whether this is an edge-plane API call ({@code /edge/v1/...}) rather than app traffic} */
  public boolean isEdgeApi() {
    return path().startsWith("/edge/");
  }

  /**
   * Whether the request has this method and path (query ignored).
   *
   * @param method HTTP method
   * @param path exact path
   * @return whether both match
   */
  public boolean is(String method, String path) {
    return this.method.equals(method) && path().equals(path);
  }

  @Override
  public String toString() {
    return "#" + sequence + " " + method + " " + target + (body.length > 0 ? " (" + body.length + " bytes)" : "")
        + (fault.isEmpty() ? "" : " [fault: " + fault + "]");
  }
}
