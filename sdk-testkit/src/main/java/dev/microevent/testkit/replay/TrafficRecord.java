package dev.microevent.testkit.replay;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One call of a traffic file (one NDJSON line): when it started relative to the first call, its
 * intent, method, path and body size, and optionally what was observed when it was recorded.
 * Bodies are not stored, only their size: replays send a JSON body of that size (no personal data
 * ever lands in a traffic file). Immutable and thread-safe.
 *
 * <pre>{@code
 * TrafficRecord r = TrafficRecord.builder(Duration.ofMillis(1250), Intent.PAYMENT, "POST", "/v1/checkout")
 *     .bodySize(312)
 *     .build();
 * }</pre>
 *
 * @see TrafficFile for the line format
 */
public final class TrafficRecord {
  private final Duration offset;
  private final Intent intent;
  private final String method;
  private final String path;
  private final int bodySize;
  private final @Nullable String contentType;
  private final @Nullable Outcome outcome;
  private final int status;
  private final @Nullable String planeId;
  private final int attempts;
  private final @Nullable Duration duration;

  private TrafficRecord(Builder b) {
    this.offset = b.offset;
    this.intent = b.intent;
    this.method = b.method;
    this.path = b.path;
    this.bodySize = b.bodySize;
    this.contentType = b.contentType;
    this.outcome = b.outcome;
    this.status = b.status;
    this.planeId = b.planeId;
    this.attempts = b.attempts;
    this.duration = b.duration;
  }

  /**
   * A builder.
   *
   * @param offset when the call started, from the start of the traffic; zero or more
   * @param intent the call's intent
   * @param method HTTP method, upper case
   * @param path absolute path with optional query
   * @return a new builder; not thread-safe
   * @throws IllegalArgumentException if the method or path would not make a valid request
   */
  public static Builder builder(Duration offset, Intent intent, String method, String path) {
    return new Builder(offset, intent, method, path);
  }

  /** {@return when the call started, from the start of the traffic} */
  public Duration offset() {
    return offset;
  }

  /** {@return the call's intent} */
  public Intent intent() {
    return intent;
  }

  /** {@return the HTTP method} */
  public String method() {
    return method;
  }

  /** {@return the path with optional query} */
  public String path() {
    return path;
  }

  /** {@return the request body size in bytes} */
  public int bodySize() {
    return bodySize;
  }

  /** {@return the body's media type, if it had a body} */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** {@return how the call ended when recorded, if known} */
  public Optional<Outcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** {@return the last HTTP status when recorded, 0 if none or unknown} */
  public int status() {
    return status;
  }

  /** {@return the plane that served the last attempt when recorded, if known} */
  public Optional<String> planeId() {
    return Optional.ofNullable(planeId);
  }

  /**
   * Attempts the call took when recorded, 0 if unknown or refused locally.
   *
   * @return the attempts the call took when recorded, or 0 if unknown or refused locally
   */
  public int attempts() {
    return attempts;
  }

  /** {@return how long the call took when recorded, if known} */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  /**
   * The request to replay: same method and path, and a JSON body of the recorded size ({@code {}}
   * padded with spaces; a 1-byte body is {@code 0}).
   *
   * @return the request
   */
  public EdgeRequest toRequest() {
    EdgeRequest.Builder b = EdgeRequest.builder(method, path);
    if (bodySize > 0) {
      byte[] body = new byte[bodySize];
      Arrays.fill(body, (byte) ' ');
      if (bodySize == 1) {
        body[0] = '0';
      } else {
        body[0] = '{';
        body[1] = '}';
      }
      b.body(body, contentType != null ? contentType : "application/json");
    }
    return b.build();
  }

  /** {@return a builder holding this record's values} */
  public Builder toBuilder() {
    Builder b = new Builder(offset, intent, method, path);
    b.bodySize = bodySize;
    b.contentType = contentType;
    b.outcome = outcome;
    b.status = status;
    b.planeId = planeId;
    b.attempts = attempts;
    b.duration = duration;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficRecord r && offset.equals(r.offset) && intent.equals(r.intent)
        && intent.criticality() == r.intent.criticality() && intent.idempotence() == r.intent.idempotence()
        && method.equals(r.method) && path.equals(r.path) && bodySize == r.bodySize
        && Objects.equals(contentType, r.contentType) && outcome == r.outcome && status == r.status
        && Objects.equals(planeId, r.planeId) && attempts == r.attempts && Objects.equals(duration, r.duration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(offset, intent, method, path, bodySize, contentType, outcome, status, planeId, attempts,
        duration);
  }

  @Override
  public String toString() {
    return "+" + offset.toMillis() + "ms " + intent + " " + method + " " + path
        + (bodySize > 0 ? " (" + bodySize + " B)" : "") + (outcome == null ? "" : " -> " + outcome.tag());
  }

  /** Builds a {@link TrafficRecord}. Not thread-safe. */
  public static final class Builder {
    private final Duration offset;
    private final Intent intent;
    private final String method;
    private final String path;
    private int bodySize;
    private @Nullable String contentType;
    private @Nullable Outcome outcome;
    private int status;
    private @Nullable String planeId;
    private int attempts;
    private @Nullable Duration duration;

    private Builder(Duration offset, Intent intent, String method, String path) {
      Objects.requireNonNull(offset, "offset");
      Objects.requireNonNull(intent, "intent");
      if (offset.isNegative()) {
        throw new IllegalArgumentException("offset must be >= 0, got " + offset);
      }
      EdgeRequest.builder(method, path);
      this.offset = offset;
      this.intent = intent;
      this.method = method;
      this.path = path;
    }

    /**
     * The request body size; default 0.
     *
     * @param bytes 0 to 16 MiB
     * @return this builder
     */
    public Builder bodySize(int bytes) {
      if (bytes < 0 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("bodySize must be 0..16 MiB, got " + bytes);
      }
      this.bodySize = bytes;
      return this;
    }

    /**
     * The body's media type; default none ({@code application/json} on replay).
     *
     * @param contentType a media type, or null
     * @return this builder
     */
    public Builder contentType(@Nullable String contentType) {
      if (contentType != null && (contentType.isEmpty() || contentType.length() > 200
          || !StandardCharsets.US_ASCII.newEncoder().canEncode(contentType))) {
        throw new IllegalArgumentException("contentType must be 1..200 ASCII characters");
      }
      this.contentType = contentType;
      return this;
    }

    /**
     * What was observed when the call was recorded (informational; replays ignore it).
     *
     * @param outcome how it ended
     * @param status last HTTP status, 0 if none
     * @param planeId plane of the last attempt, or null
     * @param attempts attempts made, 0 or more
     * @param duration how long it took
     * @return this builder
     */
    public Builder observed(Outcome outcome, int status, @Nullable String planeId, int attempts, Duration duration) {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(duration, "duration");
      if (status != 0 && (status < 100 || status > 599)) {
        throw new IllegalArgumentException("status must be 0 or 100..599, got " + status);
      }
      if (attempts < 0 || attempts > 100) {
        throw new IllegalArgumentException("attempts must be 0..100, got " + attempts);
      }
      if (duration.isNegative()) {
        throw new IllegalArgumentException("duration must be >= 0, got " + duration);
      }
      this.outcome = outcome;
      this.status = status;
      this.planeId = planeId;
      this.attempts = attempts;
      this.duration = duration;
      return this;
    }

    /**
     * Builds the record.
     *
     * @return the immutable record
     */
    public TrafficRecord build() {
      return new TrafficRecord(this);
    }
  }
}
