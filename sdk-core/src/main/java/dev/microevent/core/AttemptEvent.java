package dev.microevent.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange of a logical call, as seen by {@link CallListener#onAttempt}.
 *
 * <p>Immutable and thread-safe. The SDK builds these; {@link #builder()} and {@link #toBuilder()}
 * are there for its own construction and for tests that feed listeners, so that new fields can be
 * added without breaking them.
 */
public final class AttemptEvent {
  private final Intent intent;
  private final Plane plane;
  private final String binding;
  private final int attempt;
  private final boolean failover;
  private final Outcome outcome;
  private final int statusCode;
  private final Duration duration;
  private final List<ServerTiming> serverTimings;

  private AttemptEvent(Builder b) {
    this.intent = Objects.requireNonNull(b.intent, "intent");
    this.plane = Objects.requireNonNull(b.plane, "plane");
    this.binding = b.binding;
    this.attempt = b.attempt;
    this.failover = b.failover;
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.statusCode = b.statusCode;
    this.duration = Objects.requireNonNull(b.duration, "duration");
    this.serverTimings = b.serverTimings;
  }

  /**
   * An empty builder: intent, plane, outcome and duration must be set before {@link
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
   * The plane the attempt went to.
   *
   * @return the plane
   */
  public Plane plane() {
    return plane;
  }

  /**
   * Name of the transport binding used (e.g. a 5G slice).
   *
   * @return the name, {@code "default"} if none
   */
  public String binding() {
    return binding;
  }

  /**
   * Which attempt of the call this was.
   *
   * @return 1 for the first attempt
   */
  public int attempt() {
    return attempt;
  }

  /**
   * Whether the attempt went to the central plane because no edge plane could take it.
   *
   * @return {@code true} for a failed-over attempt
   */
  public boolean failover() {
    return failover;
  }

  /**
   * How the exchange ended.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * The HTTP status.
   *
   * @return the status, or 0 when there was none
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * How long the exchange took.
   *
   * @return the duration
   */
  public Duration duration() {
    return duration;
  }

  /**
   * The response's Server-Timing metrics.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<ServerTiming> serverTimings() {
    return serverTimings;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof AttemptEvent e
        && intent.equals(e.intent)
        && plane.equals(e.plane)
        && binding.equals(e.binding)
        && attempt == e.attempt
        && failover == e.failover
        && outcome == e.outcome
        && statusCode == e.statusCode
        && duration.equals(e.duration)
        && serverTimings.equals(e.serverTimings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(intent, plane, binding, attempt, failover, outcome, statusCode, duration, serverTimings);
  }

  @Override
  public String toString() {
    return "AttemptEvent[intent=" + intent + ", plane=" + plane + ", binding=" + binding + ", attempt=" + attempt
        + ", failover=" + failover + ", outcome=" + outcome + ", statusCode=" + statusCode + ", duration="
        + duration + ", serverTimings=" + serverTimings + "]";
  }

  /** Builds an {@link AttemptEvent}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Intent intent;
    private @Nullable Plane plane;
    private String binding = "default";
    private int attempt = 1;
    private boolean failover;
    private @Nullable Outcome outcome;
    private int statusCode;
    private @Nullable Duration duration;
    private List<ServerTiming> serverTimings = List.of();

    private Builder() {}

    private Builder(AttemptEvent e) {
      intent = e.intent;
      plane = e.plane;
      binding = e.binding;
      attempt = e.attempt;
      failover = e.failover;
      outcome = e.outcome;
      statusCode = e.statusCode;
      duration = e.duration;
      serverTimings = e.serverTimings;
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
     * The plane the attempt went to; required.
     *
     * @param plane the plane
     * @return this builder
     */
    public Builder plane(Plane plane) {
      this.plane = Objects.requireNonNull(plane, "plane");
      return this;
    }

    /**
     * Name of the transport binding used; default {@code "default"} (no binding).
     *
     * @param binding the binding's name
     * @return this builder
     */
    public Builder binding(String binding) {
      this.binding = Objects.requireNonNull(binding, "binding");
      return this;
    }

    /**
     * Which attempt of the call this was; default 1 (the first).
     *
     * @param attempt 1 for the first attempt
     * @return this builder
     */
    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    /**
     * Whether the attempt went to the central plane because no edge plane could take it; default
     * {@code false}.
     *
     * @param failover {@code true} for a failed-over attempt
     * @return this builder
     */
    public Builder failover(boolean failover) {
      this.failover = failover;
      return this;
    }

    /**
     * How the exchange ended; required.
     *
     * @param outcome the outcome
     * @return this builder
     */
    public Builder outcome(Outcome outcome) {
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      return this;
    }

    /**
     * The HTTP status; default 0 (none).
     *
     * @param statusCode the status, or 0
     * @return this builder
     */
    public Builder statusCode(int statusCode) {
      this.statusCode = statusCode;
      return this;
    }

    /**
     * How long the exchange took; required.
     *
     * @param duration the duration
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * The response's Server-Timing metrics; default none. The list is copied.
     *
     * @param serverTimings the metrics, possibly empty
     * @return this builder
     */
    public Builder serverTimings(List<ServerTiming> serverTimings) {
      this.serverTimings = List.copyOf(serverTimings);
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws NullPointerException naming the first required value that was not set
     */
    public AttemptEvent build() {
      return new AttemptEvent(this);
    }
  }
}
