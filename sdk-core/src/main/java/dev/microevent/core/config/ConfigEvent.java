package dev.microevent.core.config;

import dev.microevent.core.SteeringRejectedException;
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
 * @param refusal why a document was refused for its signature (a {@link SyncResult#REJECTED} with
 *     pinned plane keys), else {@code null}
 */
public record ConfigEvent(SyncResult result, @Nullable String version, List<String> problems, Instant at,
    SteeringRejectedException.@Nullable Reason refusal) {

  /**
   * Makes a defensive copy.
   *
   * @param result how it ended
   * @param version the version involved (applied or rejected), if known
   * @param problems why a document was rejected; empty otherwise
   * @param at when, on the client's clock
   * @param refusal why a document was refused for its signature (a {@link SyncResult#REJECTED} with
   *     pinned plane keys), else {@code null}
   */
  public ConfigEvent {
    problems = List.copyOf(problems);
  }

  /**
   * An event that is not a signature refusal.
   *
   * @param result how it ended
   * @param version the version involved, if known
   * @param problems why a document was rejected; empty otherwise
   * @param at when, on the client's clock
   */
  public ConfigEvent(SyncResult result, @Nullable String version, List<String> problems, Instant at) {
    this(result, version, problems, at, null);
  }
}
