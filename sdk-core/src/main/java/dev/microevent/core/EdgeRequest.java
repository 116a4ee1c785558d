package dev.microevent.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One logical HTTP request, independent of where it goes: the path is resolved against whichever
 * plane the client picks, on every attempt. Immutable and thread-safe.
 *
 * <pre>{@code
 * EdgeRequest req = EdgeRequest.builder("POST", "/v1/checkout")
 *     .header("Accept", "application/json")
 *     .body("{\"cart\":\"c-1\"}".getBytes(UTF_8), "application/json")
 *     .build();
 * }</pre>
 */
public final class EdgeRequest {
  /** The header carrying a keyed intent's idempotency key on every attempt. */
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  private static final byte[] NO_BODY = new byte[0];
  /** Characters an HTTP token (a header name) may not contain besides controls and space (RFC 9110). */
  private static final String TOKEN_DELIMITERS = "\"(),/:;<=>?@[\\]{}";

  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final @Nullable String contentType;
  private final @Nullable String idempotencyKey;

  private EdgeRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    b.headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = b.body;
    this.contentType = b.contentType;
    this.idempotencyKey = b.idempotencyKey;
  }

  /**
   * A GET without body.
   *
   * @param path absolute path with optional query, e.g. {@code /v1/catalog?drop=42}
   * @return the request
   */
  public static EdgeRequest get(String path) {
    return builder("GET", path).build();
  }

  /**
   * A builder.
   *
   * @param method HTTP method, upper case
   * @param path absolute path with optional query
   * @return a new builder; not thread-safe
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** {@return a builder holding this request's values} */
  public Builder toBuilder() {
    Builder b = new Builder(method, path);
    headers.forEach((k, v) -> b.headers.put(k, new ArrayList<>(v)));
    b.body = body;
    b.contentType = contentType;
    b.idempotencyKey = idempotencyKey;
    return b;
  }

  /** {@return the HTTP method} */
  public String method() {
    return method;
  }

  /** {@return the path and query} */
  public String path() {
    return path;
  }

  /**
   * Extra headers, by lower-case name.
   *
   * @return the extra headers sent with the call, by lower-case name
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** {@return the body; empty for none} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return body length in bytes} */
  public int bodyLength() {
    return body.length;
  }

  /** {@return the body's media type, when there is a body} */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * {@return the caller's idempotency key, if it chose one} For keyed intents without one the
   * client generates a key per logical call.
   */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  @Override
  public String toString() {
    return method + " " + path + (body.length > 0 ? " (" + body.length + " bytes)" : "");
  }

  /** Builds an {@link EdgeRequest}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = NO_BODY;
    private @Nullable String contentType;
    private @Nullable String idempotencyKey;

    private Builder(String method, String path) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      if (!isMethodToken(method)) {
        throw new IllegalArgumentException("method must be an upper-case token, got '" + method + "'");
      }
      if (!path.startsWith("/") || path.startsWith("//") || path.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException(
            "path must be absolute ('/...'), without a host and without spaces, got '" + path + "'");
      }
      this.method = method;
      this.path = path;
    }

    /** {@code [A-Z]{3,10}}, checked without compiling a pattern on every request. */
    private static boolean isMethodToken(String method) {
      int n = method.length();
      if (n < 3 || n > 10) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        char c = method.charAt(i);
        if (c < 'A' || c > 'Z') {
          return false;
        }
      }
      return true;
    }

    /**
     * Adds a header value.
     *
     * @param name header name, an HTTP token; {@code Host}, {@code Idempotency-Key} and
     *     hop-by-hop headers are managed by the client and refused here
     * @param value header value, printable ASCII (tabs allowed)
     * @throws IllegalArgumentException for a name or value that cannot be sent, or a managed header
     * @return this builder
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127 && TOKEN_DELIMITERS.indexOf(c) < 0)) {
        throw new IllegalArgumentException("header name must be an HTTP token, got '" + name + "'");
      }
      if (!value.chars().allMatch(c -> c == '\t' || (c >= ' ' && c < 127))) {
        // The value is not echoed: it may be a credential.
        throw new IllegalArgumentException(
            "value of header '" + name + "' must be printable ASCII (no line breaks or control characters)");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("host") || lower.equals("idempotency-key") || lower.equals("connection")
          || lower.equals("content-length") || lower.equals("transfer-encoding")) {
        throw new IllegalArgumentException(
            "header '" + name + "' is managed by the client"
                + (lower.equals("idempotency-key") ? "; use idempotencyKey(...)" : ""));
      }
      headers.computeIfAbsent(lower, k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Sets the body.
     *
     * @param body the bytes (copied)
     * @param contentType its media type, e.g. {@code application/json}
     * @return this builder
     */
    public Builder body(byte[] body, String contentType) {
      this.body = Objects.requireNonNull(body, "body").clone();
      this.contentType = Objects.requireNonNull(contentType, "contentType");
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
     * Uses the caller's idempotency key instead of a generated one (for example a key persisted
     * before a crash, so the resumed call is recognised by the server).
     *
     * @param key 1 to 255 printable ASCII characters
     * @return this builder
     */
    public Builder idempotencyKey(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw new IllegalArgumentException("idempotency key must be 1..255 printable ASCII characters");
      }
      this.idempotencyKey = key;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the immutable request
     */
    public EdgeRequest build() {
      return new EdgeRequest(this);
    }
  }
}
