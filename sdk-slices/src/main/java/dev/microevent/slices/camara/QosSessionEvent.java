package dev.microevent.slices.camara;

import dev.microevent.core.SdkException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something happened to a managed QoS session.
 *
 * @param kind what happened
 * @param reservation the reservation's name
 * @param sessionId the operator session concerned, if any
 * @param detail for people: durations, expiries, codes
 * @param at when, on the client's clock
 * @param failure the error, for the failure kinds
 */
public record QosSessionEvent(Kind kind, String reservation, @Nullable QosSessionId sessionId, String detail,
    Instant at, @Nullable SdkException failure) {

  /**
   * Checks the required fields.
   *
   * @param kind what happened
   * @param reservation the reservation's name
   * @param sessionId the operator session concerned, if any
   * @param detail for people: durations, expiries, codes
   * @param at when, on the client's clock
   * @param failure the error, for the failure kinds
   */
  public QosSessionEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reservation, "reservation");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(at, "at");
  }

  /** What happened. */
  public enum Kind {
    /** A session was created at the operator. */
    CREATED,
    /** Creating failed; the manager retries (or gives up, see {@link #GAVE_UP}). */
    CREATE_FAILED,
    /** The operator reported the session AVAILABLE. */
    AVAILABLE,
    /** The session was extended. */
    EXTENDED,
    /** Extending failed; the manager retries before expiry, else re-creates after it. */
    EXTEND_FAILED,
    /** The network ended the session early (UNAVAILABLE); the manager deletes and re-creates it. */
    LOST,
    /** The session reached the reservation's end. */
    ENDED,
    /** The session was deleted at the operator. */
    RELEASED,
    /** Deleting failed; the session will lapse at its expiry (the id is in the event). */
    RELEASE_FAILED,
    /** The manager stopped retrying an operation. */
    GAVE_UP
  }
}
