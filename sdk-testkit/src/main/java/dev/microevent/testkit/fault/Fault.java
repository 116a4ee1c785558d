package dev.microevent.testkit.fault;

import dev.microevent.testkit.ReceivedRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One way a fake misbehaves on the wire. Faults are values: give them to a fake's {@link
 * FaultInjector} (at once, or on a schedule with a {@link FaultScript}); refine them with {@link
 * #withProbability}, {@link #times} and {@link #onlyIf}.
 *
 * <pre>{@code
 * edge.faults().inject(Fault.latency(Duration.ofMillis(300)));
 * edge.faults().inject(Fault.status(503).withProbability(0.2).onPath("/v1/"));
 * edge.faults().inject(Fault.reset().times(2));          // the next two requests are reset
 * edge.faults().inject(Fault.flapping(Duration.ofSeconds(5), Duration.ofSeconds(2), Fault.blackHole()));
 * }</pre>
 *
 * <p>What each kind does to a request (the fake has already read it, and records it):
 * <ul>
 *   <li>{@link Kind#LATENCY}: waits, then carries on (latencies of several faults add up);
 *   <li>{@link Kind#STATUS}: answers the status code with a small JSON error body;
 *   <li>{@link Kind#RESET}: closes the connection with a TCP RST, no answer;
 *   <li>{@link Kind#BLACK_HOLE}: never answers and keeps the connection open;
 *   <li>{@link Kind#SLOW_BODY}: sends the normal answer, its body a few bytes per period;
 *   <li>{@link Kind#TRUNCATED_BODY}: announces the full Content-Length, sends part, closes;
 *   <li>{@link Kind#FLAPPING}: up for a while, then the inner fault for a while, and again.
 * </ul>
 *
 * <p>Immutable and thread-safe. Equality is identity: remove exactly the fault you injected.
 */
public final class Fault {

  /** The kinds of fault. */
  public enum Kind {
    /** Added latency before answering. */
    LATENCY,
    /** An error status instead of the normal answer. */
    STATUS,
    /** A TCP reset instead of an answer. */
    RESET,
    /** No answer at all; the connection stays open. */
    BLACK_HOLE,
    /** The normal answer, body throttled. */
    SLOW_BODY,
    /** The normal answer, body cut short and the connection closed. */
    TRUNCATED_BODY,
    /** Alternates between no fault and an inner fault. */
    FLAPPING
  }

  private final Kind kind;
  private final @Nullable LatencyDistribution latency;
  private final int status;
  private final long bytesPerPeriod;
  private final Duration period;
  private final long truncateAfter;
  private final Duration up;
  private final Duration down;
  private final @Nullable Fault whileDown;
  private final double probability;
  private final int times;
  private final @Nullable Predicate<ReceivedRequest> filter;
  private final String scope;

  private Fault(Kind kind, @Nullable LatencyDistribution latency, int status, long bytesPerPeriod, Duration period,
      long truncateAfter, Duration up, Duration down, @Nullable Fault whileDown, double probability, int times,
      @Nullable Predicate<ReceivedRequest> filter, String scope) {
    this.kind = kind;
    this.latency = latency;
    this.status = status;
    this.bytesPerPeriod = bytesPerPeriod;
    this.period = period;
    this.truncateAfter = truncateAfter;
    this.up = up;
    this.down = down;
    this.whileDown = whileDown;
    this.probability = probability;
    this.times = times;
    this.filter = filter;
    this.scope = scope;
  }

  private static Fault of(Kind kind) {
    return new Fault(kind, null, 0, 0, Duration.ZERO, -1, Duration.ZERO, Duration.ZERO, null, 1.0, 0, null, "");
  }

  private Fault copy(double probability, int times, @Nullable Predicate<ReceivedRequest> filter, String scope) {
    return new Fault(kind, latency, status, bytesPerPeriod, period, truncateAfter, up, down, whileDown, probability,
        times, filter, scope);
  }

  /**
   * A fixed added latency.
   *
   * @param delay how long to wait before answering
   * @return the fault
   */
  public static Fault latency(Duration delay) {
    return latency(LatencyDistribution.fixed(delay));
  }

  /**
   * An added latency drawn from a distribution per request.
   *
   * @param distribution the distribution
   * @return the fault
   */
  public static Fault latency(LatencyDistribution distribution) {
    return new Fault(Kind.LATENCY, Objects.requireNonNull(distribution, "distribution"), 0, 0, Duration.ZERO, -1,
        Duration.ZERO, Duration.ZERO, null, 1.0, 0, null, "");
  }

  /**
   * Answers an error status (an error burst while injected).
   *
   * @param status 400..599
   * @return the fault
   */
  public static Fault status(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an injected error status must be 400..599, got " + status);
    }
    return new Fault(Kind.STATUS, null, status, 0, Duration.ZERO, -1, Duration.ZERO, Duration.ZERO, null, 1.0, 0,
        null, "");
  }

  /**
   * Resets the connection (TCP RST) after reading the request: the client cannot know whether the
   * server acted on it.
   *
   * @return the fault
   */
  public static Fault reset() {
    return of(Kind.RESET);
  }

  /**
   * Accepts and reads the request but never answers; the client's timeout must save it.
   *
   * @return the fault
   */
  public static Fault blackHole() {
    return of(Kind.BLACK_HOLE);
  }

  /**
   * Sends the normal answer slowly.
   *
   * @param bytesPerPeriod body bytes sent per period, at least 1
   * @param period the period, positive
   * @return the fault
   */
  public static Fault slowBody(long bytesPerPeriod, Duration period) {
    Objects.requireNonNull(period, "period");
    if (bytesPerPeriod < 1 || !(period.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("need bytesPerPeriod >= 1 and a positive period");
    }
    return new Fault(Kind.SLOW_BODY, null, 0, bytesPerPeriod, period, -1, Duration.ZERO, Duration.ZERO, null, 1.0, 0,
        null, "");
  }

  /**
   * Sends the headers of the normal answer (with its full Content-Length) and only part of its
   * body, then closes the connection. Answers with an empty body are sent whole.
   *
   * @param bytesSent body bytes sent before closing, 0 or more
   * @return the fault
   */
  public static Fault truncatedBody(long bytesSent) {
    if (bytesSent < 0) {
      throw new IllegalArgumentException("bytesSent must be >= 0, got " + bytesSent);
    }
    return new Fault(Kind.TRUNCATED_BODY, null, 0, 0, Duration.ZERO, bytesSent, Duration.ZERO, Duration.ZERO, null,
        1.0, 0, null, "");
  }

  /**
   * Up for {@code up}, then {@code whileDown} for {@code down}, repeating from the moment it is
   * injected, on the injector's clock (virtual clocks work).
   *
   * @param up time without the fault in each cycle, positive
   * @param down time with the fault in each cycle, positive
   * @param whileDown what happens while down, e.g. {@code Fault.status(503)} or {@code Fault.reset()};
   *     its own filter and probability apply too, but a count goes on the flapping fault ({@code
   *     flapping(...).times(n)} counts the requests hit while down)
   * @return the fault
   */
  public static Fault flapping(Duration up, Duration down, Fault whileDown) {
    Objects.requireNonNull(up, "up");
    Objects.requireNonNull(down, "down");
    Objects.requireNonNull(whileDown, "whileDown");
    if (!(up.compareTo(Duration.ZERO) > 0) || !(down.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("up and down must be positive");
    }
    if (whileDown.kind == Kind.FLAPPING) {
      throw new IllegalArgumentException("a flapping fault cannot nest another flapping fault");
    }
    if (whileDown.times > 0) {
      throw new IllegalArgumentException("put times(" + whileDown.times + ") on the flapping fault, not on "
          + "the fault it applies while down");
    }
    return new Fault(Kind.FLAPPING, null, 0, 0, Duration.ZERO, -1, up, down, whileDown, 1.0, 0, null, "");
  }

  /**
   * A copy that hits only a share of the requests it matches.
   *
   * @param probability 0 (never) to 1 (always, the default)
   * @return the copy
   */
  public Fault withProbability(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be within 0..1, got " + probability);
    }
    return copy(probability, times, filter, scope);
  }

  /**
   * A copy that hits only the next {@code n} requests it applies to, then retires.
   *
   * @param n 1 or more
   * @return the copy
   */
  public Fault times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be >= 1, got " + n);
    }
    return copy(probability, n, filter, scope);
  }

  /**
   * A copy that applies only to requests whose path starts with a prefix.
   *
   * @param pathPrefix e.g. {@code "/v1/checkout"} or {@code "/edge/v1/heartbeat"}
   * @return the copy
   */
  public Fault onPath(String pathPrefix) {
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    return copy(probability, times, r -> r.path().startsWith(pathPrefix), "path " + pathPrefix + "*");
  }

  /**
   * A copy that applies only to app traffic, leaving the edge-plane API (heartbeat, config)
   * answered normally: the plane looks healthy to active checks while its app calls fail.
   *
   * @return the copy
   */
  public Fault appTrafficOnly() {
    return copy(probability, times, r -> !r.isEdgeApi(), "app traffic");
  }

  /**
   * A copy that applies only to matching requests.
   *
   * @param predicate which requests; must be fast and thread-safe
   * @param description what it matches, for reports
   * @return the copy
   */
  public Fault onlyIf(Predicate<ReceivedRequest> predicate, String description) {
    return copy(probability, times, Objects.requireNonNull(predicate, "predicate"),
        Objects.requireNonNull(description, "description"));
  }

  /**
   * The kind.
   *
   * @return what the fault does; the other accessors hold the values of that kind
   */
  public Kind kind() {
    return kind;
  }

  /** {@return the latency distribution of a {@link Kind#LATENCY} fault} */
  public Optional<LatencyDistribution> latency() {
    return Optional.ofNullable(latency);
  }

  /** {@return the status of a {@link Kind#STATUS} fault, else 0} */
  public int statusCode() {
    return status;
  }

  /** {@return body bytes per period of a {@link Kind#SLOW_BODY} fault, else 0} */
  public long bytesPerPeriod() {
    return bytesPerPeriod;
  }

  /** {@return the throttle period of a {@link Kind#SLOW_BODY} fault, else zero} */
  public Duration period() {
    return period;
  }

  /** {@return body bytes sent by a {@link Kind#TRUNCATED_BODY} fault, else -1} */
  public long truncateAfter() {
    return truncateAfter;
  }

  /** {@return up time per cycle of a {@link Kind#FLAPPING} fault, else zero} */
  public Duration up() {
    return up;
  }

  /** {@return down time per cycle of a {@link Kind#FLAPPING} fault, else zero} */
  public Duration down() {
    return down;
  }

  /** {@return what a {@link Kind#FLAPPING} fault does while down} */
  public Optional<Fault> whileDown() {
    return Optional.ofNullable(whileDown);
  }

  /** {@return the share of matching requests hit, 0..1} */
  public double probability() {
    return probability;
  }

  /** {@return how many requests it hits before retiring, 0 for unlimited} */
  public int timesLimit() {
    return times;
  }

  /**
   * Whether this fault applies to a request (filter only; probability and limits are the
   * injector's business).
   *
   * @param request the request
   * @return whether it matches
   */
  public boolean matches(ReceivedRequest request) {
    return filter == null || filter.test(request);
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case LATENCY -> "latency " + latency;
      case STATUS -> "status " + status;
      case RESET -> "reset";
      case BLACK_HOLE -> "black hole";
      case SLOW_BODY -> "slow body " + bytesPerPeriod + " B/" + period.toMillis() + " ms";
      case TRUNCATED_BODY -> "truncated body after " + truncateAfter + " B";
      case FLAPPING -> "flapping up " + up.toMillis() + " ms / down " + down.toMillis() + " ms: " + whileDown;
    };
    return what
        + (probability < 1 ? " p=" + probability : "")
        + (times > 0 ? " x" + times : "")
        + (scope.isEmpty() ? "" : " on " + scope);
  }
}
