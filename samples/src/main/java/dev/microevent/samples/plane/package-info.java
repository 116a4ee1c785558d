/** The reference edge control plane used by the demos. */
@NullMarked
package dev.microevent.samples.plane;

import org.jspecify.annotations.NullMarked;
