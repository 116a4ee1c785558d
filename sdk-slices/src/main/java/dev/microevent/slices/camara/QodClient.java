package dev.microevent.slices.camara;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The CAMARA Quality-on-Demand 1.1.0 API: create, read, extend, delete and list QoS sessions.
 * Every call gets a token first (refreshing it when it nears expiry or the operator rejects it)
 * and fails with a typed {@link CamaraException} when the operator says no. Calls are not
 * retried, except once after a rejected token: the {@link QosSessionManager} owns retries.
 *
 * <pre>{@code
 * QosSession s = slices.qualityOnDemand().create(request);
 * slices.qualityOnDemand().extend(s.sessionId(), Duration.ofMinutes(30));
 * slices.qualityOnDemand().delete(s.sessionId());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface QodClient {

  /**
   * Creates a session ({@code POST /sessions}).
   *
   * @param request what to ask for
   * @return the session, REQUESTED or AVAILABLE
   * @throws CamaraConflictException if a session already exists for the device and flow
   * @throws CamaraUnprocessableException if the profile or device cannot be served
   */
  QosSession create(QosSessionRequest request);

  /**
   * Reads a session ({@code GET /sessions/{id}}).
   *
   * @param id the session
   * @return its state
   * @throws CamaraNotFoundException if it does not exist (any more)
   */
  QosSession get(QosSessionId id);

  /**
   * Extends an AVAILABLE session ({@code POST /sessions/{id}/extend}); the profile's maximum
   * caps the overall duration.
   *
   * @param id the session
   * @param additional whole seconds, at least 1 s
   * @return the session with its new duration and expiry
   * @throws CamaraConflictException if the session is not AVAILABLE
   */
  QosSession extend(QosSessionId id, Duration additional);

  /**
   * Deletes a session ({@code DELETE /sessions/{id}}), ending what it costs.
   *
   * @param id the session
   * @throws CamaraNotFoundException if it does not exist (any more)
   */
  void delete(QosSessionId id);

  /**
   * Lists a device's sessions ({@code POST /retrieve-sessions}).
   *
   * @param device the device, or {@code null} with a three-legged token
   * @return its sessions, possibly empty
   */
  List<QosSession> retrieveByDevice(@Nullable Device device);
}
