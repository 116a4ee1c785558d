/**
 * Fault injection for the testkit's fakes: {@link dev.microevent.testkit.fault.Fault} values
 * (latency, error bursts, resets, black holes, slow and truncated bodies, flapping), the
 * per-fake {@link dev.microevent.testkit.fault.FaultInjector}, and time-based {@link
 * dev.microevent.testkit.fault.FaultScript}s that run on a real or a virtual clock.
 */
@NullMarked
package dev.microevent.testkit.fault;

import org.jspecify.annotations.NullMarked;
