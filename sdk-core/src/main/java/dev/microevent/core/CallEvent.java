package dev.microevent.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A finished logical call, as seen by {@link CallListener#onCall}: what error budgets, probes
 * and audit trails judge.
 *
 * <p>Immutable and thread-safe. The SDK builds these; {@link #builder()} and {@link #toBuilder()}
 * are there for its own construction and for tests that feed listeners, so that new fields can be
 * added without breaking them.
 */
public final class CallEvent {
  private final Intent intent;
  private final EdgeRequest request;
  private final @Nullable String planeId;
  private final Outcome outcome;
  private final int statusCode;
  private final int attempts;
  private final Instant startedAt;
  private final Duration duration;
  private final @Nullable SdkException failure;

  private CallEvent(Builder b) {
    this.intent = Objects.requireNonNull(b.intent, "intent");
    this.request = Objects.requireNonNull(b.request, "request");
    this.planeId = b.planeId;
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.statusCode = b.statusCode;
    this.attempts = b.attempts;
    this.startedAt = Objects.requireNonNull(b.startedAt, "startedAt");
    this.duration = Objects.requireNonNull(b.duration, "duration");
    this.failure = b.failure;
  }

  /**
   * An empty builder: intent, request, outcome, start and duration must be set before {@link
   * Builder#build()}.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this event's values, to derive a variant.
   *
   * @return a new builder; not thread-safe
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The call's intent.
   *
   * @return the intent
   */
  public Intent intent() {
    return intent;
  }

  /**
   * What was asked (method, path, headers, body); for recorders and audit, never for metric tags.
   *
   * @return the request
   */
  public EdgeRequest request() {
    return request;
  }

  /**
   * The plane of the last attempt.
   *
   * @return its id, or {@code null} if nothing was sent
   */
  public @Nullable String planeId() {
    return planeId;
  }

  /**
   * How the call ended.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * The last HTTP status.
   *
   * @return the status, or 0 when there was none
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Attempts made.
   *
   * @return the count; 0 when the call was refused locally
   */
  public int attempts() {
    return attempts;
  }

  /**
   * When the call started, on the client's clock.
   *
   * @return the start
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * How long the call took.
   *
   * @return the duration
   */
  public Duration duration() {
    return duration;
  }

  /**
   * What the caller got thrown.
   *
   * @return the failure, or {@code null} on success
   */
  public @Nullable SdkException failure() {
    return failure;
  }

  /**
   * Whether the call succeeded.
   *
   * @return {@code true} if the outcome is {@link Outcome#SUCCESS}
   */
  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof CallEvent e
        && intent.equals(e.intent)
        && request.equals(e.request)
        && Objects.equals(planeId, e.planeId)
        && outcome == e.outcome
        && statusCode == e.statusCode
        && attempts == e.attempts
        && startedAt.equals(e.startedAt)
        && duration.equals(e.duration)
        && Objects.equals(failure, e.failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(intent, request, planeId, outcome, statusCode, attempts, startedAt, duration, failure);
  }

  @Override
  public String toString() {
    return "CallEvent[intent=" + intent + ", request=" + request + ", planeId=" + planeId + ", outcome=" + outcome
        + ", statusCode=" + statusCode + ", attempts=" + attempts + ", startedAt=" + startedAt + ", duration="
        + duration + ", failure=" + failure + "]";
  }

  /** Builds a {@link CallEvent}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Intent intent;
    private @Nullable EdgeRequest request;
    private @Nullable String planeId;
    private @Nullable Outcome outcome;
    private int statusCode;
    private int attempts;
    private @Nullable Instant startedAt;
    private @Nullable Duration duration;
    private @Nullable SdkException failure;

    private Builder() {}

    private Builder(CallEvent e) {
      intent = e.intent;
      request = e.request;
      planeId = e.planeId;
      outcome = e.outcome;
      statusCode = e.statusCode;
      attempts = e.attempts;
      startedAt = e.startedAt;
      duration = e.duration;
      failure = e.failure;
    }

    /**
     * The call's intent; required.
     *
     * @param intent the intent
     * @return this builder
     */
    public Builder intent(Intent intent) {
      this.intent = Objects.requireNonNull(intent, "intent");
      return this;
    }

    /**
     * What was asked; required.
     *
     * @param request the request
     * @return this builder
     */
    public Builder request(EdgeRequest request) {
      this.request = Objects.requireNonNull(request, "request");
      return this;
    }

    /**
     * The plane of the last attempt; default {@code null} (nothing was sent).
     *
     * @param planeId the plane's id, or {@code null}
     * @return this builder
     */
    public Builder planeId(@Nullable String planeId) {
      this.planeId = planeId;
      return this;
    }

    /**
     * How the call ended; required.
     *
     * @param outcome the outcome
     * @return this builder
     */
    public Builder outcome(Outcome outcome) {
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      return this;
    }

    /**
     * The last HTTP status; default 0 (none).
     *
     * @param statusCode the status, or 0
     * @return this builder
     */
    public Builder statusCode(int statusCode) {
      this.statusCode = statusCode;
      return this;
    }

    /**
     * Attempts made; default 0 (refused locally).
     *
     * @param attempts the count
     * @return this builder
     */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    /**
     * When the call started, on the client's clock; required.
     *
     * @param startedAt the start
     * @return this builder
     */
    public Builder startedAt(Instant startedAt) {
      this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
      return this;
    }

    /**
     * How long the call took; required.
     *
     * @param duration the duration
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * What the caller got thrown; default {@code null} (success).
     *
     * @param failure the failure, or {@code null}
     * @return this builder
     */
    public Builder failure(@Nullable SdkException failure) {
      this.failure = failure;
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws NullPointerException naming the first required value that was not set
     */
    public CallEvent build() {
      return new CallEvent(this);
    }
  }
}
