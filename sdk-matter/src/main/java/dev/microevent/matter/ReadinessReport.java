package dev.microevent.matter;

import dev.microevent.core.SdkClientException;
import dev.microevent.matter.internal.ReadinessPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pre-flight found ({@link MatterClient#preflight}): for every device of every room,
 * whether it is commissioned, reachable and on the expected firmware, and what was commissioned
 * on the way. Written for the operator as console text ({@link #toText()}) and as a self-contained
 * HTML page ({@link #toHtml()}, {@link #writeHtml(Path)}) before the doors open.
 *
 * <pre>{@code
 * ReadinessReport report = matter.preflight(manifest).get(10, TimeUnit.MINUTES);
 * System.out.print(report.toText());
 * report.writeHtml(Path.of("readiness.html"));
 * report.manifest().write(ManifestFormat.YAML);   // the manifest with the node ids now known
 * if (!report.readyToOpen()) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe. Neither the text nor the page shows a pairing code.
 */
public final class ReadinessReport {
  private final Instant checkedAt;
  private final RoomManifest manifest;
  private final List<DeviceReadiness> devices;

  private ReadinessReport(Instant checkedAt, RoomManifest manifest, List<DeviceReadiness> devices) {
    this.checkedAt = checkedAt;
    this.manifest = manifest;
    this.devices = List.copyOf(devices);
  }

  /**
   * A report (the pre-flight makes them; tests and tools may too).
   *
   * @param checkedAt when the check ran, on the core client's clock
   * @param manifest the manifest checked, with the node ids known after the check
   * @param devices one entry per device of the manifest, in its order
   * @return the report
   */
  public static ReadinessReport of(Instant checkedAt, RoomManifest manifest, List<DeviceReadiness> devices) {
    return new ReadinessReport(Objects.requireNonNull(checkedAt, "checkedAt"),
        Objects.requireNonNull(manifest, "manifest"), Objects.requireNonNull(devices, "devices"));
  }

  /** {@return when the check ran, on the core client's clock} */
  public Instant checkedAt() {
    return checkedAt;
  }

  /**
   * The manifest checked, with each device's node id as the controller knows it now (the ones
   * commissioned by this pre-flight included): save it, so the next pre-flight and the room
   * automation find them.
   *
   * @return the manifest
   */
  public RoomManifest manifest() {
    return manifest;
  }

  /** {@return every device, in the manifest's order} */
  public List<DeviceReadiness> devices() {
    return devices;
  }

  /**
   * The entry of one device.
   *
   * @param id the device
   * @return its entry, if the manifest has it
   */
  public Optional<DeviceReadiness> device(DeviceId id) {
    Objects.requireNonNull(id, "id");
    return devices.stream().filter(d -> d.device().id().equals(id)).findFirst();
  }

  /**
   * The devices of one room.
   *
   * @param room the room
   * @return its entries, in the manifest's order
   */
  public List<DeviceReadiness> room(RoomId room) {
    Objects.requireNonNull(room, "room");
    return devices.stream().filter(d -> d.room().equals(room)).toList();
  }

  /**
   * How many devices have a status.
   *
   * @param status the status
   * @return the count
   */
  public int count(ReadinessStatus status) {
    return (int) devices.stream().filter(d -> d.status() == status).count();
  }

  /** {@return the critical devices that are not ready: each keeps the doors shut} */
  public List<DeviceReadiness> blocking() {
    return devices.stream().filter(DeviceReadiness::blocksOpening).toList();
  }

  /** {@return whether every critical device of every room is ready (the others may be missing)} */
  public boolean readyToOpen() {
    return blocking().isEmpty();
  }

  /** {@return the report as console text: a verdict, then one line per device, room by room} */
  public String toText() {
    return ReadinessPages.text(this);
  }

  /** {@return the report as a self-contained HTML page (no script, no outside resource)} */
  public String toHtml() {
    return ReadinessPages.html(this);
  }

  /**
   * Writes the HTML page.
   *
   * @param file the file (replaced; parent folders are created)
   * @return the file
   * @throws SdkClientException if it cannot be written
   */
  public Path writeHtml(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SdkClientException("cannot write the readiness report to " + file + " (" + e.getClass().getSimpleName()
          + "); check the folder exists and is writable", e);
    }
  }

  @Override
  public String toString() {
    return "ReadinessReport{" + checkedAt + ", " + devices.size() + " devices, "
        + (readyToOpen() ? "ready to open" : blocking().size() + " critical not ready") + "}";
  }
}
