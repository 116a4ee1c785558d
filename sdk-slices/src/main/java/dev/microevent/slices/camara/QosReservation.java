package dev.microevent.slices.camara;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the {@link QosSessionManager} keeps up: a QoS session like {@code template} from now until
 * {@code until} (the end of the event), extended before each expiry and re-created if the network
 * ends it early.
 *
 * <pre>{@code
 * QosReservation r = QosReservation.builder("stage-uplink", template, doorsClose)
 *     .extendAhead(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class QosReservation {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private final String name;
  private final QosSessionRequest template;
  private final Instant until;
  private final Duration extendAhead;
  private final Duration retryDelay;
  private final int maxRetries;
  private final Duration maxSessionDuration;

  private QosReservation(Builder b) {
    this.name = b.name;
    this.template = b.template;
    this.until = b.until;
    this.extendAhead = b.extendAhead;
    this.retryDelay = b.retryDelay;
    this.maxRetries = b.maxRetries;
    this.maxSessionDuration = b.maxSessionDuration;
  }

  /**
   * A builder.
   *
   * @param name a short token for logs and events, e.g. {@code "stage-uplink"}
   * @param template the session to keep (its duration is ignored: the manager computes it)
   * @param until when the session is no longer needed
   * @return a new builder; not thread-safe
   */
  public static Builder builder(String name, QosSessionRequest template, Instant until) {
    return new Builder(name, template, until);
  }

  /** {@return the short token for logs and events given to the builder, e.g. {@code "stage-uplink"}} */
  public String name() {
    return name;
  }

  /** {@return the session to keep} */
  public QosSessionRequest template() {
    return template;
  }

  /** {@return when the session is no longer needed} */
  public Instant until() {
    return until;
  }

  /** {@return how long before expiry the manager extends} */
  public Duration extendAhead() {
    return extendAhead;
  }

  /**
   * {@return the delay before the first retry of a failed create or extend; later ones double,
   * drawn at random from the upper half, up to 5 min (a longer Retry-After wins)}
   */
  public Duration retryDelay() {
    return retryDelay;
  }

  /**
   * Retries of one failed create or extend before the manager gives up on it and reports.
   *
   * @return how many times one failed create or extend is retried before the manager gives up on it
   *     and reports
   */
  public int maxRetries() {
    return maxRetries;
  }

  /** {@return the longest duration asked for in one create (the profile's maximum, if known)} */
  public Duration maxSessionDuration() {
    return maxSessionDuration;
  }

  @Override
  public String toString() {
    return "QosReservation{" + name + " until " + until + ", " + template + "}";
  }

  /** Builds a {@link QosReservation}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final QosSessionRequest template;
    private final Instant until;
    private Duration extendAhead = Duration.ofMinutes(5);
    private Duration retryDelay = Duration.ofSeconds(30);
    private int maxRetries = 3;
    private Duration maxSessionDuration = QosSessionRequest.MAX_DURATION;

    private Builder(String name, QosSessionRequest template, Instant until) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("reservation name must match " + NAME.pattern() + ", got '" + name + "'");
      }
      this.name = name;
      this.template = Objects.requireNonNull(template, "template");
      this.until = Objects.requireNonNull(until, "until");
    }

    /**
     * How long before expiry to extend; default 5 minutes. Longer gives retries more room.
     *
     * @param ahead positive
     * @return this builder
     */
    public Builder extendAhead(Duration ahead) {
      this.extendAhead = positive(ahead, "extendAhead");
      return this;
    }

    /**
     * Delay before the first retry of a failed create or extend, and the first pause before
     * replacing a session that died young; later ones double with jitter up to 5 min. Default
     * 30 s (a longer Retry-After wins).
     *
     * @param delay positive
     * @return this builder
     */
    public Builder retryDelay(Duration delay) {
      this.retryDelay = positive(delay, "retryDelay");
      return this;
    }

    /**
     * Retries of one failed operation; default 3.
     *
     * @param retries 0..10
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("maxRetries must be 0..10, got " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /**
     * The longest duration asked for in one create, e.g. the profile's {@code maxDuration};
     * default the wire maximum.
     *
     * @param max at least 1 s
     * @return this builder
     */
    public Builder maxSessionDuration(Duration max) {
      if (positive(max, "maxSessionDuration").compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("maxSessionDuration must be at least 1 s");
      }
      this.maxSessionDuration = max;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (!(Objects.requireNonNull(d, what).compareTo(Duration.ZERO) > 0)) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    /**
     * Builds the reservation.
     *
     * @return the reservation
     */
    public QosReservation build() {
      return new QosReservation(this);
    }
  }
}
