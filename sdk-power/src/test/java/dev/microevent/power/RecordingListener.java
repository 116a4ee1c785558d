package dev.microevent.power;

import dev.microevent.core.ModeChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every mode change and alert the power client reports. */
final class RecordingListener implements PowerListener {
  final List<ModeChange> changes = new CopyOnWriteArrayList<>();
  final List<PowerAlert> alerts = new CopyOnWriteArrayList<>();

  @Override
  public void onModeChange(ModeChange change) {
    changes.add(change);
  }

  @Override
  public void onAlert(PowerAlert alert) {
    alerts.add(alert);
  }
}
