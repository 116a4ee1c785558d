package dev.microevent.matter;

import dev.microevent.core.fuzz.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Room manifest reading, JSON and YAML, through the public call: ManifestException only, no hang, bounded memory.
 * Each run prints its figures (target/surefire-reports/*-output.txt).
 */
class RoomManifestFuzzTest {

  private static void fuzz(String name, ManifestFormat format, String... seeds) {
    RoomManifest.parse(seeds[0], format); // class loading and the mapper's caches, outside the measured inputs
    System.out.println(Fuzz.parser(name, in -> RoomManifest.parse(in, format))
        .seeds(seeds)
        .dictionary("schemaVersion", "controller", "rooms", "devices", "payload", "role", "nodeId", "url", "id",
            "name", "critical", "degraded", "non-essential", "ws://", "MT:", "- ", ": ", "&a", "*a", "!!binary", "---",
            "...", "? ", "|", ">", "#", "18446744073709551616", "-1")
        .typed(ManifestException.class)
        .run());
  }

  @Test
  void yamlDocuments() {
    fuzz("room manifest (YAML)", ManifestFormat.YAML, RoomManifestTest.YAML,
        RoomManifest.parse(RoomManifestTest.YAML, ManifestFormat.YAML).write(ManifestFormat.YAML),
        "schemaVersion: 1\nanchors: &a [1, 2]\nrefs: [*a, *a]\n");
  }

  @Test
  void jsonDocuments() {
    fuzz("room manifest (JSON)", ManifestFormat.JSON, RoomManifestTest.JSON,
        RoomManifest.parse(RoomManifestTest.JSON, ManifestFormat.JSON).write(ManifestFormat.JSON));
  }
}
