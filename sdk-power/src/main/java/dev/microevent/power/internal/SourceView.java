package dev.microevent.power.internal;

import dev.microevent.power.BatterySpec;
import dev.microevent.power.PowerReading;
import dev.microevent.power.SourceState;
import org.jspecify.annotations.Nullable;

/**
 * What the budget and the policy see of one source in one round.
 *
 * @param id the source id
 * @param state how far its data can be trusted
 * @param reading its last good reading (kept while stale)
 * @param battery its battery, if known
 */
public record SourceView(String id, SourceState state, @Nullable PowerReading reading, @Nullable BatterySpec battery) {

  /** {@return whether this source's reading counts now: fresh and present} */
  boolean counts() {
    return state == SourceState.FRESH && reading != null && reading.present();
  }
}
