/**
 * A fake mobile operator for tests: the CAMARA Quality-on-Demand, QoS Profiles and Network Slice
 * Booking APIs plus an OAuth2 token endpoint, on loopback, with scriptable failures. It speaks
 * the wire protocol with its own types, so it also tests clients other than the SDK's.
 */
@NullMarked
package dev.microevent.testkit.camara;

import org.jspecify.annotations.NullMarked;
