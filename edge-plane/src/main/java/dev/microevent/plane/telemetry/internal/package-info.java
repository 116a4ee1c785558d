/**
 * The telemetry machinery: OTLP/JSON encoding, the batch format and object keys, the spool, the S3
 * client, the plane's telemetry routes, the report pages and the command line. Not public API; may
 * change without notice.
 */
@NullMarked
package dev.microevent.plane.telemetry.internal;

import org.jspecify.annotations.NullMarked;
