/**
 * Extension points for SDK modules and advanced apps: how connections leave the device ({@link
 * dev.microevent.core.spi.TransportBinder}). Kept tiny and stable.
 */
@NullMarked
package dev.microevent.core.spi;

import org.jspecify.annotations.NullMarked;
