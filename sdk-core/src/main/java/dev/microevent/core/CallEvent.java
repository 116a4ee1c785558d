package dev.microevent.core;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A finished logical call, as seen by {@link CallListener#onCall}: what error budgets, probes
 * and audit trails judge.
 *
 * @param intent the call's intent
 * @param request what was asked (method, path, headers, body); for recorders and audit, never
 *     for metric tags
 * @param planeId the plane of the last attempt, or {@code null} if nothing was sent
 * @param outcome how it ended
 * @param statusCode the last HTTP status, or 0 when there was none
 * @param attempts attempts made; 0 when the call was refused locally
 * @param startedAt when it started, on the client's clock
 * @param duration how long it took
 * @param failure what the caller got thrown, or {@code null} on success
 */
public record CallEvent(
    Intent intent,
    EdgeRequest request,
    @Nullable String planeId,
    Outcome outcome,
    int statusCode,
    int attempts,
    Instant startedAt,
    Duration duration,
    @Nullable SdkException failure) {

  /** Whether the call succeeded. */
  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }
}
