package dev.microevent.plane.telemetry;

/**
 * What the collector did with one OTLP request, as OTLP's partial success reports it.
 *
 * @param accepted spans (or metric resources) taken
 * @param rejected spans refused as malformed
 * @param message why the first one was refused, empty if none was
 */
public record IngestResult(int accepted, int rejected, String message) {}
