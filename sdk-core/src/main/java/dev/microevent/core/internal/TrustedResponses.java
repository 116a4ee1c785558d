package dev.microevent.core.internal;

import dev.microevent.core.EdgeResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes an {@link EdgeResponse} of parts the client built itself and hands to no one else (an
 * unmodifiable header map of immutable lists, a body array read for this response), without the
 * defensive copies the public constructor makes of what a caller passes. {@link EdgeResponse}
 * installs the factory when it is initialized: this class can reach its private constructor no
 * other way. Not public API; may change without notice.
 */
public final class TrustedResponses {
  /** The private constructor of {@link EdgeResponse} that keeps what it is given. */
  @FunctionalInterface
  public interface Factory {
    /**
     * Makes the response.
     *
     * @param statusCode the HTTP status
     * @param headers unmodifiable, by lower-case name, each list immutable
     * @param body the body bytes, kept as they are
     * @param planeId id of the plane that answered
     * @param attempts attempts the call took
     * @param latency time from the call's start to the end of the body
     * @param idempotencyKey the key the call carried, if any
     * @return the response
     */
    EdgeResponse create(int statusCode, Map<String, List<String>> headers, byte[] body, String planeId, int attempts,
        Duration latency, @Nullable String idempotencyKey);
  }

  private static volatile @Nullable Factory factory;

  private TrustedResponses() {}

  /**
   * Called once, by {@link EdgeResponse}'s initializer; later calls are ignored.
   *
   * @param f the factory
   */
  public static synchronized void install(Factory f) {
    if (factory == null) {
      factory = Objects.requireNonNull(f, "f");
    }
  }

  /** See {@link Factory#create}; the caller guarantees that nothing else holds {@code headers} or {@code body}. */
  static EdgeResponse create(int statusCode, Map<String, List<String>> headers, byte[] body, String planeId,
      int attempts, Duration latency, @Nullable String idempotencyKey) {
    Factory f = factory;
    if (f == null) {
      initialize();
      f = Objects.requireNonNull(factory, "EdgeResponse installs the factory when initialized");
    }
    return f.create(statusCode, headers, body, planeId, attempts, latency, idempotencyKey);
  }

  private static void initialize() {
    try {
      Class.forName(EdgeResponse.class.getName(), true, EdgeResponse.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("EdgeResponse is not loadable", e);
    }
  }
}
