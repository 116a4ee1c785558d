package dev.microevent.matter;

/** The text formats a {@link RoomManifest} is read from and written to. */
public enum ManifestFormat {
  /** JSON (RFC 8259), files ending {@code .json}. */
  JSON,
  /** YAML 1.1 as SnakeYAML reads it, files ending {@code .yaml} or {@code .yml}. */
  YAML
}
