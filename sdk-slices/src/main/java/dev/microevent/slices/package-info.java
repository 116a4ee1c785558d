/** 5G slices: steer each intent onto its slice and book QoS from the operator. */
@NullMarked
package dev.microevent.slices;

import org.jspecify.annotations.NullMarked;
