/**
 * Time under the caller's control: {@link dev.microevent.core.time.VirtualTime} gives a clock and
 * a scheduler that only move when told to, for deterministic tests and compressed rehearsals.
 */
@NullMarked
package dev.microevent.core.time;

import org.jspecify.annotations.NullMarked;
