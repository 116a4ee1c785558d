package dev.microevent.slices.camara;

import java.time.Instant;
import java.util.Optional;

/**
 * A QoS session the {@link QosSessionManager} keeps up for a {@link QosReservation}. Close it (or
 * the manager) to release the session at the operator.
 *
 * <p>Thread-safe.
 */
public interface ManagedQosSession extends AutoCloseable {

  /** Where the session stands, from the manager's point of view. */
  enum State {
    /** No operator session yet (creation pending or being retried). */
    PENDING,
    /** An operator session exists (REQUESTED or AVAILABLE). */
    ACTIVE,
    /** The reservation ran to its end; the session expired. */
    ENDED,
    /** Released: the operator session was deleted. */
    RELEASED,
    /** The manager gave up (see the last event); the operator session, if any, was released. */
    FAILED
  }

  /** {@return the reservation kept up} */
  QosReservation reservation();

  /** {@return the operator's current session id, if there is one} */
  Optional<QosSessionId> sessionId();

  /** {@return the manager's view of the session} */
  State state();

  /** {@return the operator's last reported status, if there is a session} */
  Optional<QosStatus> status();

  /**
   * {@return when the current operator session expires, if known, on this client's clock: the local
   * moment it started plus its duration as the operator reports it ({@code expiresAt - startedAt}),
   * so an operator clock that is off does not move it}
   */
  Optional<Instant> expiresAt();

  /** {@return when the reservation ends} */
  Instant until();

  /**
   * Moves the reservation's end (the event runs over, or ends early); the next extension follows it.
   *
   * @param until the new end
   */
  void extendUntil(Instant until);

  /** Deletes the operator session and stops keeping it up. Idempotent. */
  @Override
  void close();
}
