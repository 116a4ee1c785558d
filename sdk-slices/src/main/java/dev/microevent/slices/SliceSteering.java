package dev.microevent.slices;

import dev.microevent.core.CallListener;
import dev.microevent.core.Intent;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.spi.TransportBinder;
import dev.microevent.slices.internal.SteeringEngine;
import java.net.URI;

/**
 * Steers each call onto its slice: plug its {@link #binder()} and {@link #callListener()} into
 * the core client, and every attempt of an intent leaves through the slice its rule selects
 * (socket bound to the slice's local address, or sent through its proxy, DSCP-marked), with a
 * connection pool per slice. Keeps per-slice health, error budgets and counters.
 *
 * <pre>{@code
 * SliceSteering steering = SliceSteering.of(SlicePlan.playbook(checkout, streaming));
 * MicroEventClient core = MicroEventClient.builder()
 *     .addEdgePlane(edge).centralPlane(central)
 *     .transportBinder(steering.binder())
 *     .addCallListener(steering.callListener())
 *     .build();
 * SlicesClient slices = SlicesClient.builder().microEventClient(core).steering(steering).build();
 * }</pre>
 *
 * <p>Attach it to a {@link SlicesClient}: that adds the active probes (the only way a slice that
 * went down comes back), meters and the core client's clock. Unattached, a steering judges
 * health from hard evidence only (a local address that cannot be bound, a proxy that refuses
 * connections) and a slice that goes down stays down. Thread-safe.
 *
 * @see SlicePlan
 */
public interface SliceSteering {

  /**
   * Steering for a plan.
   *
   * @param plan the slices and rules
   * @return the steering; attach it to at most one {@link SlicesClient}
   */
  static SliceSteering of(SlicePlan plan) {
    return new SteeringEngine(plan);
  }

  /** The plan being applied. */
  SlicePlan plan();

  /** The binder to give {@code MicroEventClient.Builder#transportBinder}. */
  TransportBinder binder();

  /** The listener to give {@code MicroEventClient.Builder#addCallListener}: passive slice health and stats. */
  CallListener callListener();

  /**
   * Steers one flow explicitly, for traffic the app sends with its own HTTP stack (then bind its
   * sockets yourself, e.g. to the slice's {@link Slice#localAddress()}). Path patterns match the
   * destination's full path.
   *
   * @param intent what the flow is for
   * @param destination where it goes (scheme, host, port, path)
   * @return the route
   * @throws NoRouteException with reason {@code BINDING_REFUSED} if every route of the matching
   *     rule is down
   */
  SliceRoute route(Intent intent, URI destination);

  /**
   * A slice's health now.
   *
   * @param slice a slice of the plan, or the default network (always UP)
   * @return its health
   * @throws IllegalArgumentException for an unknown slice
   */
  SliceHealth health(SliceId slice);

  /**
   * Takes a slice out of service by hand (for example when a playbook releases its booking);
   * probes bring it back once it works again.
   *
   * @param slice a slice of the plan (not the default network)
   * @param reason why, for logs and listeners
   * @throws IllegalArgumentException for the default network or an unknown slice
   */
  void reportOutage(SliceId slice, String reason);

  /**
   * Adds a listener for outages, failovers and budget alerts.
   *
   * @param listener the listener
   */
  void addListener(SliceListener listener);

  /** Every slice's status now, the default network last. */
  SlicesSnapshot snapshot();
}
