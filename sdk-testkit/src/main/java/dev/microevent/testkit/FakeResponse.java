package dev.microevent.testkit;

import dev.microevent.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a fake answers: status, headers and body. Immutable and thread-safe.
 *
 * <pre>{@code
 * FakeResponse.json(200, "{\"items\":[]}");
 * FakeResponse.json(201, Map.of("orderId", "o-1"));   // mapped to JSON
 * FakeResponse.builder(503).header("Retry-After", "2").build();
 * }</pre>
 */
public final class FakeResponse {
  /** An RFC 9110 field name (a token). */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private FakeResponse(Builder b) {
    this.status = b.status;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    b.headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = b.body;
  }

  /**
   * A builder.
   *
   * @param status HTTP status, 100..599
   * @return a new builder; not thread-safe
   */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /**
   * A JSON answer from text.
   *
   * @param status HTTP status
   * @param json the JSON text (sent as is)
   * @return the response
   */
  public static FakeResponse json(int status, String json) {
    return builder(status).body(json, "application/json").build();
  }

  /**
   * A JSON answer mapped from an object (maps, lists, records, beans).
   *
   * @param status HTTP status
   * @param value the value to map
   * @return the response
   * @throws dev.microevent.testkit.TestkitException if the value cannot be mapped to JSON
   */
  public static FakeResponse json(int status, Object value) {
    return builder(status).body(Json.write(value), "application/json").build();
  }

  /**
   * An empty answer.
   *
   * @param status HTTP status
   * @return the response
   */
  public static FakeResponse status(int status) {
    return builder(status).build();
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }

  /** {@return headers by name as given (Content-Length is added on the wire)} */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** {@return the body (a copy)} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body length} */
  public int bodySize() {
    return body.length;
  }

  /** {@return a builder holding this response's values} */
  public Builder toBuilder() {
    Builder b = new Builder(status);
    headers.forEach((k, v) -> b.headers.put(k, new ArrayList<>(v)));
    b.body = body;
    return b;
  }

  @Override
  public String toString() {
    return "FakeResponse{" + status + ", " + body.length + " bytes}";
  }

  /** Builds a {@link FakeResponse}. Not thread-safe. */
  public static final class Builder {
    private final int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private Builder(int status) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be 100..599, got " + status);
      }
      this.status = status;
    }

    /**
     * Adds a header.
     *
     * @param name header name; {@code Content-Length}, {@code Transfer-Encoding} and {@code
     *     Connection} are written by the fake and refused here
     * @param value its value, without CR or LF
     * @return this builder
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-length") || lower.equals("transfer-encoding") || lower.equals("connection")) {
        throw new IllegalArgumentException("header '" + name + "' is written by the fake");
      }
      if (!HEADER_NAME.matcher(name).matches() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("header '" + name + "' has an invalid name or value");
      }
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Sets the body.
     *
     * @param body the bytes (copied)
     * @param contentType its media type
     * @return this builder
     */
    public Builder body(byte[] body, String contentType) {
      this.body = Objects.requireNonNull(body, "body").clone();
      headers.remove("Content-Type");
      return header("Content-Type", Objects.requireNonNull(contentType, "contentType"));
    }

    /**
     * Sets the body without touching the headers: no {@code Content-Type} unless one was added
     * with {@link #header}, for answers a client must cope with that lack one.
     *
     * @param body the bytes (copied)
     * @return this builder
     */
    public Builder untypedBody(byte[] body) {
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    /**
     * Sets a UTF-8 text body.
     *
     * @param text the text
     * @param contentType its media type
     * @return this builder
     */
    public Builder body(String text, String contentType) {
      return body(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /**
     * Builds the response.
     *
     * @return the immutable response
     */
    public FakeResponse build() {
      return new FakeResponse(this);
    }
  }
}
