/** Checkout that never double-charges, reads served locally, probes and bot shield. */
@NullMarked
package dev.microevent.commerce;

import org.jspecify.annotations.NullMarked;
