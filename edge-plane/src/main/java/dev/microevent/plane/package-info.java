/**
 * The deployable edge control plane: {@link dev.microevent.plane.EdgePlaneServer} serves the
 * edge-plane API ({@code docs/edge-plane-api.yaml}) to SDK clients, signs what it serves, keeps its
 * state in memory or in a Redis shared by the venue's planes, and forwards the app's API to the
 * central plane through the SDK's own client. Run it with {@code java -jar edge-plane.jar serve}
 * ({@code docs/edge-plane.md}).
 */
@NullMarked
package dev.microevent.plane;

import org.jspecify.annotations.NullMarked;
