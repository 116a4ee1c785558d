/**
 * Power as a first-class resource: sources, budget and graceful degradation. The wire protocols
 * behind the sources (VE.Direct framing) are in {@link dev.microevent.power.protocol}.
 */
@NullMarked
package dev.microevent.power;

import org.jspecify.annotations.NullMarked;
