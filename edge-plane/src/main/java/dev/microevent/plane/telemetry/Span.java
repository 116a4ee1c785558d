package dev.microevent.plane.telemetry;

import dev.microevent.core.Outcome;
import dev.microevent.plane.telemetry.internal.Counts;
import dev.microevent.plane.telemetry.internal.Tokens;
import java.util.Objects;

/**
 * One finished call as a span: what the collector samples, batches and uploads, and what the
 * reader judges. On the wire it is an OTLP/JSON span with the {@code microevent.*} attributes
 * (see {@code docs/telemetry.md}).
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero
 * @param intent the call's intent name, a short token
 * @param slice the 5G slice (transport binding) of the last attempt, {@code default} if none
 * @param plane the plane of the last attempt, empty if nothing was sent
 * @param outcome the call's outcome as its tag ({@link Outcome#tag()}), e.g. {@code success}
 * @param statusCode the last HTTP status, 0 if none
 * @param startEpochNanos when the call started, nanoseconds since the epoch
 * @param durationNanos how long it took, zero or more
 */
public record Span(
    String traceId,
    String spanId,
    String intent,
    String slice,
    String plane,
    String outcome,
    int statusCode,
    long startEpochNanos,
    long durationNanos) {

  /**
   * Validates every component; a bad one is an {@link IllegalArgumentException} naming it.
   *
   * @param traceId 32 lower-case hex digits, not all zero
   * @param spanId 16 lower-case hex digits, not all zero
   * @param intent the call's intent name, a short token
   * @param slice the 5G slice (transport binding) of the last attempt, {@code default} if none
   * @param plane the plane of the last attempt, empty if nothing was sent
   * @param outcome the call's outcome as its tag ({@link Outcome#tag()}), e.g. {@code success}
   * @param statusCode the last HTTP status, 0 if none
   * @param startEpochNanos when the call started, nanoseconds since the epoch
   * @param durationNanos how long it took, zero or more
   */
  public Span {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(plane, "plane");
    Objects.requireNonNull(outcome, "outcome");
    if (!Tokens.hexId(traceId, 32)) {
      throw new IllegalArgumentException("traceId must be 32 lower-case hex digits, not all zero, got '"
          + clip(traceId) + "'");
    }
    if (!Tokens.hexId(spanId, 16)) {
      throw new IllegalArgumentException("spanId must be 16 lower-case hex digits, not all zero, got '"
          + clip(spanId) + "'");
    }
    token(intent, "intent");
    token(slice, "slice");
    if (!plane.isEmpty()) {
      token(plane, "plane");
    }
    token(outcome, "outcome");
    if (statusCode < 0 || statusCode > 999) {
      throw new IllegalArgumentException("statusCode must be within 0..999, got " + statusCode);
    }
    if (durationNanos < 0) {
      throw new IllegalArgumentException("durationNanos must be >= 0, got " + durationNanos);
    }
  }

  private static void token(String value, String name) {
    if (!Tokens.token(value)) {
      throw new IllegalArgumentException(name + " must match [a-z0-9][a-z0-9_.:-]{0,63}, got '" + clip(value) + "'");
    }
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** {@return whether the call succeeded ({@code success})} */
  public boolean succeeded() {
    return outcome.equals("success");
  }

  /**
   * {@return whether the call counts against an SLO, with the error budgets' rule: server errors,
   * timeouts, connection failures, no route and local rejections are bad}
   */
  public boolean bad() {
    return Counts.bad(outcome);
  }

  /**
   * {@return whether the call counts for an SLO at all: client errors (the request's own fault),
   * calls shed on purpose and cancelled calls do not}
   */
  public boolean eligible() {
    return Counts.eligible(outcome);
  }

  /**
   * {@return the error class: empty for a success, else the outcome and the status when there was
   * one, e.g. {@code server_error/503}, {@code timeout}}
   */
  public String errorClass() {
    return Counts.errorClass(outcome, statusCode);
  }
}
