package dev.microevent.core.config;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The configuration document in force.
 *
 * @param version the document's version ({@code "local"} before any document was applied)
 * @param etag the validator the plane served it with, if any
 * @param source where it came from
 * @param appliedAt when it was applied, or {@code null} for the built-in defaults
 * @param flags the feature flags it sets
 */
public record ConfigSnapshot(String version, @Nullable String etag, Source source, @Nullable Instant appliedAt,
    Map<String, Boolean> flags) {

  /**
   * Makes a defensive copy.
   *
   * @param version the document's version ({@code "local"} before any document was applied)
   * @param etag the validator the plane served it with, if any
   * @param source where it came from
   * @param appliedAt when it was applied, or {@code null} for the built-in defaults
   * @param flags the feature flags it sets
   */
  public ConfigSnapshot {
    flags = Map.copyOf(flags);
  }

  /** {@return the ETag, if the document came from a plane} */
  public Optional<String> entityTag() {
    return Optional.ofNullable(etag);
  }

  /** Where a document came from. */
  public enum Source {
    /** The client's builder settings; no document yet. */
    DEFAULTS,
    /** The last good document, read back from the app's file at start-up. */
    FILE,
    /** Pulled from a plane. */
    PLANE
  }
}
