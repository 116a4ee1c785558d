package dev.microevent.slices;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every slice event, for assertions. */
final class RecordingSliceListener implements SliceListener {
  final List<SliceHealthEvent> health = new CopyOnWriteArrayList<>();
  final List<SliceFailoverEvent> failovers = new CopyOnWriteArrayList<>();

  @Override
  public void onHealthChanged(SliceHealthEvent event) {
    health.add(event);
  }

  @Override
  public void onFailover(SliceFailoverEvent event) {
    failovers.add(event);
  }
}
