package dev.microevent.slices;

import dev.microevent.core.Intent;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleContext;
import dev.microevent.slices.internal.SteeringEngine;
import java.net.URI;
import java.util.Objects;

/**
 * Steers each call onto its slice: install it on the core client's builder, and every attempt of
 * an intent leaves through the slice its rule selects (socket bound to the slice's local address,
 * or sent through its proxy, DSCP-marked), with a connection pool per slice. Keeps per-slice
 * health, error budgets and counters.
 *
 * <pre>{@code
 * SliceSteering steering = SliceSteering.of(SlicePlan.playbook(checkout, streaming));
 * MicroEventClient core = MicroEventClient.builder()
 *     .addEdgePlane(edge).centralPlane(central)
 *     .install(steering)
 *     .build();
 * SlicesClient slices = SlicesClient.builder().client(core).steering(steering).build();
 * }</pre>
 *
 * <p>Attach it to a {@link SlicesClient}: that adds the active probes (the only way a slice that
 * went down comes back), meters and the core client's clock; closing the core client stops the
 * probes. Unattached, a steering judges health from hard evidence only (a local address that
 * cannot be bound, a proxy that refuses connections) and a slice that goes down stays down.
 * Thread-safe.
 *
 * @see SlicePlan
 */
public final class SliceSteering implements MicroEventModule {
  private final SteeringEngine engine;

  private SliceSteering(SteeringEngine engine) {
    this.engine = engine;
  }

  /**
   * Steering for a plan.
   *
   * @param plan the slices and rules
   * @return the steering; install it on one core client and attach it to at most one {@link
   *     SlicesClient}
   */
  public static SliceSteering of(SlicePlan plan) {
    return new SliceSteering(new SteeringEngine(Objects.requireNonNull(plan, "plan")));
  }

  /** The engine, for the slices client. */
  SteeringEngine engine() {
    return engine;
  }

  /**
   * The module's name.
   *
   * @return {@code "slices"}
   */
  @Override
  public String name() {
    return "slices";
  }

  /**
   * Registers the steering as the client's transport binder and as a call listener, owns the
   * {@code slices} section of the plane's config document (the plane's slice reservations, see
   * {@link #reservations()}), and stops its probes when the client closes. Called by {@code
   * MicroEventClient.Builder#install}.
   *
   * @param context where to register
   * @throws IllegalStateException if this steering is installed on a client already
   */
  @Override
  public void install(ModuleContext context) {
    engine.installed(context.runtime());
    context.transportBinder(engine);
    context.addCallListener(engine);
    context.addConfigSection(engine.reservationSection(context.runtime()));
    context.onClose(engine::detach);
  }

  /**
   * The plan being applied.
   *
   * @return the plan
   */
  public SlicePlan plan() {
    return engine.plan();
  }

  /**
   * The slice reservations the plane's config document puts into effect now (its {@code slices}
   * section, see {@code docs/slices.md}): a reserved intent leaves through its slice before the
   * plan's rules are consulted. {@link SliceReservations#NONE} while the document has none.
   *
   * @return the reservations in effect, and those of the document this app skipped
   */
  public SliceReservations reservations() {
    return engine.reservations();
  }

  /**
   * Steers one flow explicitly, for traffic the app sends with its own HTTP stack (then bind its
   * sockets yourself, e.g. to the slice's {@link Slice#localAddress()}). An intent the plane
   * reserved a slice for (see {@link #reservations()}) takes that slice while it is up; otherwise,
   * and while it is down, the plan's rules decide. Path patterns match the destination's full
   * path.
   *
   * @param intent what the flow is for
   * @param destination where it goes (scheme, host, port, path)
   * @return the route
   * @throws NoRouteException with reason {@code BINDING_REFUSED} if every route of the matching
   *     rule is down
   */
  public SliceRoute route(Intent intent, URI destination) {
    return engine.route(intent, destination);
  }

  /**
   * A slice's health now.
   *
   * @param slice a slice of the plan, or the default network (always UP)
   * @return its health
   * @throws IllegalArgumentException for an unknown slice
   */
  public SliceHealth health(SliceId slice) {
    return engine.health(slice);
  }

  /**
   * Takes a slice out of service by hand (for example when a playbook releases its booking);
   * probes bring it back once it works again.
   *
   * @param slice a slice of the plan (not the default network)
   * @param reason why, for logs and listeners
   * @throws IllegalArgumentException for the default network or an unknown slice
   */
  public void reportOutage(SliceId slice, String reason) {
    engine.reportOutage(slice, reason);
  }

  /**
   * Adds a listener for outages, failovers and budget alerts.
   *
   * @param listener the listener
   */
  public void addListener(SliceListener listener) {
    engine.addListener(listener);
  }

  /**
   * Every slice's status now, the default network last.
   *
   * @return the snapshot
   */
  public SlicesSnapshot snapshot() {
    return engine.snapshot();
  }

  @Override
  public String toString() {
    return engine.toString();
  }
}
