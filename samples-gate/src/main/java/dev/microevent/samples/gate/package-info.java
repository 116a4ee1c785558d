/** The stadium gate sample app, against a real edge plane. */
@NullMarked
package dev.microevent.samples.gate;

import org.jspecify.annotations.NullMarked;
