package dev.microevent.core.spi;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Plane;

/**
 * Chooses how each attempt's connection leaves the device. sdk-slices implements it to steer
 * each intent onto its 5G slice; the default binds everything to {@link TransportBinding#DEFAULT}.
 *
 * <p>Called once per attempt on the calling thread: must be fast, thread-safe and non-blocking.
 *
 * @see dev.microevent.core.MicroEventClient.Builder#transportBinder(TransportBinder)
 */
@FunctionalInterface
public interface TransportBinder {

  /** Binds every intent to the default network. */
  TransportBinder DEFAULT = (intent, plane) -> TransportBinding.DEFAULT;

  /**
   * The binding for one attempt.
   *
   * @param intent the call's intent
   * @param plane the plane the attempt goes to
   * @return the binding to use
   * @throws NoRouteException with reason {@code BINDING_REFUSED} when no allowed path exists (for
   *     example an isolation rule forbids every fallback); the call fails without network I/O
   */
  TransportBinding bind(Intent intent, Plane plane);

  /**
   * The binding for one attempt, knowing the request (for rules that match on path or method).
   * The client calls this one; the default ignores the request.
   *
   * @param intent the call's intent
   * @param plane the plane the attempt goes to
   * @param request the logical request
   * @return the binding to use
   * @throws NoRouteException as {@link #bind(Intent, Plane)}
   */
  default TransportBinding bind(Intent intent, Plane plane, EdgeRequest request) {
    return bind(intent, plane);
  }
}
