/** Power as a first-class resource: sources, budget and graceful degradation. */
@NullMarked
package dev.microevent.power;

import org.jspecify.annotations.NullMarked;
