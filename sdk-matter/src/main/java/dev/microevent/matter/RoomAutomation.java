package dev.microevent.matter;

import dev.microevent.core.ServiceMode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Local automation of a manifest's rooms, driven by the core client's service mode ({@link
 * MatterClient#automate}). When the mode leaves {@code NORMAL} (power runs low, an operator
 * switch, an alert rule), each room applies its {@link RoomRules}: non-essential devices off,
 * lights dimmed, critical devices never touched. Back in {@code NORMAL}, every device it changed
 * is put back exactly as it was before (on or off, and the light's level). A critical device that
 * becomes unavailable raises a {@link RoomAlert}.
 *
 * <pre>{@code
 * try (RoomAutomation rooms = matter.automate(report.manifest(), new RoomAutomationListener() {
 *       public void onRun(AutomationRun run) { log.info("rooms now {}: {}", run.to(), run.actions()); }
 *       public void onAlert(RoomAlert alert) { pager.send(alert.message()); }
 *     })) {
 *   ... the event runs ...
 * }
 * }</pre>
 *
 * <p>What a device is "now" comes from the client's node cache (kept exact by the server's
 * attribute events). Devices without a node id in the manifest are left alone: give it the
 * manifest a pre-flight returns. Runs happen one at a time, in the order of the mode changes,
 * off the thread that changed the mode. Thread-safe.
 */
public interface RoomAutomation extends AutoCloseable {

  /** {@return the mode the rooms are set for: that of the last finished run ({@code NORMAL} at first)} */
  ServiceMode appliedMode();

  /**
   * Completes when every mode change heard so far has been carried out, with the mode the rooms
   * are then set for.
   *
   * @return the future; it never fails (devices that failed are in the {@link AutomationRun})
   */
  CompletableFuture<ServiceMode> settled();

  /**
   * The devices automation changed and will put back, with the state they will get back.
   *
   * @return an unmodifiable snapshot
   */
  Map<DeviceId, DeviceState> saved();

  /**
   * Stops hearing mode changes and node events. Devices stay as they are: switch back to {@code
   * NORMAL} first to put them back. Idempotent.
   */
  @Override
  void close();
}
