/**
 * The client's machinery: routing, health, outlier detection, resilience glue, transport, JSON
 * and meters. Not public API; may change without notice. Other SDK modules may use it; apps must
 * not.
 */
@NullMarked
package dev.microevent.core.internal;

import org.jspecify.annotations.NullMarked;
