/**
 * Edge telemetry that reaches the analysts: {@link dev.microevent.plane.telemetry.TelemetryCollector}
 * takes the SDK's spans (OTLP/JSON shape) and meter snapshots, samples them ({@link
 * dev.microevent.plane.telemetry.SamplingPolicy}), batches, gzips and uploads them to an
 * S3-compatible {@link dev.microevent.plane.telemetry.ObjectStore} through a bounded on-disk spool;
 * {@link dev.microevent.plane.telemetry.TelemetryReader} reads a venue's batches back and computes
 * SLOs, burn rates and percentiles with the samples weighted back; {@link
 * dev.microevent.plane.telemetry.LinkProbe} measures round-trip time, RFC 3550 jitter and loss per
 * plane and slice. See {@code docs/telemetry.md}.
 */
@NullMarked
package dev.microevent.plane.telemetry;

import org.jspecify.annotations.NullMarked;
