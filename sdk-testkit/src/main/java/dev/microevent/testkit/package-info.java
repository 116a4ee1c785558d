/** Rehearse a micro-event: fakes, fault injection, replay, load and rehearsal reports. */
@NullMarked
package dev.microevent.testkit;

import org.jspecify.annotations.NullMarked;
