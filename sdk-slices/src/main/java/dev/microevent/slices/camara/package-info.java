/**
 * Typed clients for the operator's CAMARA APIs (Quality-on-Demand 1.1.0, QoS Profiles 1.1.0,
 * Network Slice Booking 0.1.0), their model types and errors, and the QoS session manager.
 * Reached from {@link dev.microevent.slices.SlicesClient}.
 */
@NullMarked
package dev.microevent.slices.camara;

import org.jspecify.annotations.NullMarked;
