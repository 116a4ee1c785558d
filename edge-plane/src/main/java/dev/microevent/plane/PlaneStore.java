package dev.microevent.plane;

import dev.microevent.plane.internal.MemoryStore;
import dev.microevent.plane.internal.RedisStore;
import dev.microevent.plane.internal.StateStore;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where a plane keeps its state (gateways' heartbeats, the venue's planes, signed documents, the
 * key chain, decisions, keyed forwards, the runbook history and the alerts that start runbooks). {@link #inMemory()} for one plane; {@link #redis(URI,
 * String)} for several planes of one venue, any of which can die without losing what it
 * acknowledged. A description only: the server opens the store when it starts and closes it when
 * it closes. Immutable and thread-safe.
 */
public final class PlaneStore {
  private static final Pattern VENUE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  private final String description;
  private final Supplier<StateStore> opener;

  private PlaneStore(String description, Supplier<StateStore> opener) {
    this.description = description;
    this.opener = opener;
  }

  /**
   * State in the plane's own memory: nothing survives the plane, and nothing is shared.
   *
   * @return the store
   */
  public static PlaneStore inMemory() {
    return new PlaneStore("memory", MemoryStore::new);
  }

  /**
   * State in a Redis shared by the venue's planes.
   *
   * @param uri e.g. {@code redis://127.0.0.1:6379/0}
   * @param venue the venue's name: planes with the same name share state (a key prefix), e.g.
   *     {@code "rooftop-2026"}
   * @return the store
   * @throws IllegalArgumentException if the venue is not a lower-case token
   */
  public static PlaneStore redis(URI uri, String venue) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(venue, "venue");
    if (!VENUE.matcher(venue).matches()) {
      throw new IllegalArgumentException("venue must match " + VENUE.pattern() + ", got '" + venue + "'");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("a Redis address starts with redis:// or rediss://, got '" + uri.getScheme() + "'");
    }
    return new PlaneStore("redis " + uri.getHost() + ":" + uri.getPort() + " venue " + venue,
        () -> RedisStore.connect(uri, venue));
  }

  StateStore open() {
    return opener.get();
  }

  @Override
  public String toString() {
    return "PlaneStore{" + description + "}";
  }
}
