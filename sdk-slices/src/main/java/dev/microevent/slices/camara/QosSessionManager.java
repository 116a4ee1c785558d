package dev.microevent.slices.camara;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keeps QoS sessions up for the length of an event: creates each session for the time left,
 * extends it ahead of expiry (retrying failed extensions, honouring {@code Retry-After}),
 * re-creates it if the network ends it early, reacts to the operator's CloudEvents status
 * notifications (and polls a REQUESTED session), adopts a session of the same device and flow
 * that a lost answer or an earlier run left behind, and deletes each session when its reservation
 * ends and every session it holds on close, so no paid session is left open.
 * Timers run on the core client's scheduler and follow the operator's own durations, never its
 * clock; failures and sessions that die young are backed off, and each reservation makes at most
 * {@link CamaraConfig#maxSessionCallsPerMinute()} operator calls a minute.
 *
 * <pre>{@code
 * try (ManagedQosSession uplink = slices.qosSessions().reserve(
 *     QosReservation.builder("stage-uplink", template, doorsClose).build())) {
 *   // stream ...
 * } // session deleted at the operator
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface QosSessionManager {

  /**
   * Starts keeping a session up. The first create runs on the calling thread.
   *
   * @param reservation what to keep up, until when
   * @return the managed session; PENDING if the first create failed in a retryable way
   * @throws CamaraException if the operator refused the request outright (4xx other than 429)
   */
  ManagedQosSession reserve(QosReservation reservation);

  /** {@return the sessions being kept up (not yet released or ended)} */
  List<ManagedQosSession> sessions();

  /**
   * Handles one status notification the operator POSTed to a sink (a CloudEvent with content
   * type {@code application/cloudevents+json}). Hand it the request's {@code Authorization}
   * header and body, and answer with the returned status.
   *
   * @param authorization the request's {@code Authorization} header, or {@code null}
   * @param body the request body
   * @return 204 when handled; 400 for a malformed event; 401 when the bearer token is not the
   *     session's sink token (checked before anything else is revealed); 410 when the session is no
   *     longer managed
   */
  int handleNotification(@Nullable String authorization, byte[] body);

  /** Releases every managed session. Idempotent; the manager accepts no new reservations after. */
  void releaseAll();
}
