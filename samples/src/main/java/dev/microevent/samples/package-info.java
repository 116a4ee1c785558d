/** Runnable sample apps. */
@NullMarked
package dev.microevent.samples;

import org.jspecify.annotations.NullMarked;
