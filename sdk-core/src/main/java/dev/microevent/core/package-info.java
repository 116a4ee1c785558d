/** The edge-first client. */
@NullMarked
package dev.microevent.core;

import org.jspecify.annotations.NullMarked;
