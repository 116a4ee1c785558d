package dev.microevent.core.config;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one sync.
 *
 * @param result how it ended
 * @param version the version involved (applied or rejected), if known
 * @param problems why a document was rejected; empty otherwise
 * @param at when, on the client's clock
 */
public record ConfigEvent(SyncResult result, @Nullable String version, List<String> problems, Instant at) {

  /** Makes a defensive copy. */
  public ConfigEvent {
    problems = List.copyOf(problems);
  }
}
