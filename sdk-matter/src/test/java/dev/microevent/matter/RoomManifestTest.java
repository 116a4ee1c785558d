package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Room manifests: both formats, the round trip, and every problem named with its path. */
class RoomManifestTest {
  static final String YAML = """
      schemaVersion: 1
      controller:
        url: ws://10.0.0.5:5580/ws
      rooms:
        - id: main-stage
          name: Main stage
          devices:
            - id: stage-light
              name: Stage light
              payload: "MT:Y.K90AFN00KA0648G00"
              role: critical
            - id: fog-machine
              payload: "3497-011-2332"
              role: non-essential
              nodeId: "18446744069414584321"
        - id: bar
          devices:
            - id: bar-plug
              payload: "MT:-24J042C00KA0648G00"
              role: degraded
              nodeId: 12
      """;

  static final String JSON = """
      {"schemaVersion": 1, "controller": {"url": "ws://10.0.0.5:5580/ws"},
       "rooms": [{"id": "main-stage", "name": "Main stage", "devices": [
         {"id": "stage-light", "name": "Stage light", "payload": "MT:Y.K90AFN00KA0648G00", "role": "critical"},
         {"id": "fog-machine", "payload": "3497-011-2332", "role": "non-essential", "nodeId": 18446744069414584321}]},
        {"id": "bar", "devices": [
         {"id": "bar-plug", "payload": "MT:-24J042C00KA0648G00", "role": "degraded", "nodeId": "12"}]}]}
      """;

  static String problems(String text, ManifestFormat format) {
    try {
      RoomManifest.parse(text, format);
      throw new AssertionError("accepted: " + text);
    } catch (ManifestException e) {
      return String.join("\n", e.problems());
    }
  }

  @Test
  void readsYamlAndJsonAlike() {
    RoomManifest yaml = RoomManifest.parse(YAML, ManifestFormat.YAML);
    RoomManifest json = RoomManifest.parse(JSON, ManifestFormat.JSON);
    assertThat(json).isEqualTo(yaml);

    assertThat(yaml.schemaVersion()).isEqualTo(2); // a version-1 document reads; it is written as version 2
    assertThat(yaml.controller().uri()).isEqualTo(URI.create("ws://10.0.0.5:5580/ws"));
    assertThat(yaml.rooms()).extracting(r -> r.id().value()).containsExactly("main-stage", "bar");
    assertThat(yaml.room(RoomId.of("bar")).orElseThrow().name()).isEqualTo("bar");
    ExpectedDevice light = yaml.device(DeviceId.of("stage-light")).orElseThrow();
    assertThat(light.role()).isEqualTo(Criticality.CRITICAL);
    assertThat(light.payload().passcode()).isEqualTo(20202021);
    assertThat(light.payload().vendorId()).isEqualTo(VendorId.TEST_VENDOR_1);
    ExpectedDevice fog = yaml.device(DeviceId.of("fog-machine")).orElseThrow();
    assertThat(fog.role()).isEqualTo(Criticality.NON_ESSENTIAL);
    assertThat(fog.name()).isEqualTo("fog-machine");
    assertThat(fog.nodeId()).hasValue(MatterNodeId.of(Long.parseUnsignedLong("18446744069414584321")));
    assertThat(yaml.devices()).extracting(ExpectedDevice::role)
        .containsExactly(Criticality.CRITICAL, Criticality.NON_ESSENTIAL, Criticality.DEGRADED);
  }

  @ParameterizedTest
  @EnumSource(ManifestFormat.class)
  void writingThenReadingGivesAnEqualManifest(ManifestFormat format) {
    RoomManifest m = RoomManifest.parse(YAML, ManifestFormat.YAML);
    String text = m.write(format);
    assertThat(RoomManifest.parse(text, format)).isEqualTo(m);
    assertThat(text).contains("non-essential").contains("18446744069414584321");
  }

  @Test
  void buildsInCode_andTheBuilderNamesDuplicates() {
    ExpectedDevice light = ExpectedDevice.builder().id(DeviceId.of("light")).pairingCode("MT:Y.K90AFN00KA0648G00")
        .role(Criticality.CRITICAL).build();
    Room stage = Room.builder().id(RoomId.of("stage")).addDevice(light).build();
    ControllerEndpoint controller = ControllerEndpoint.of(URI.create("ws://127.0.0.1:5580/ws"));
    RoomManifest m = RoomManifest.builder().controller(controller).addRoom(stage).build();
    assertThat(m.toBuilder().build()).isEqualTo(m);
    assertThat(RoomManifest.parse(m.write(ManifestFormat.YAML), ManifestFormat.YAML)).isEqualTo(m);

    assertThatThrownBy(() -> RoomManifest.builder().controller(controller).addRoom(stage)
        .addRoom(Room.builder().id(RoomId.of("stage")).build()).build())
        .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems())
            .containsExactly("$.rooms[1].id: room 'stage' is already $.rooms[0]"));
    assertThatThrownBy(() -> RoomManifest.builder().controller(controller).addRoom(stage)
        .addRoom(Room.builder().id(RoomId.of("bar")).addDevice(light).build()).build())
        .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("$.rooms[1].devices[0].id: device 'light' is already $.rooms[0].devices[0]"));
    assertThatThrownBy(() -> RoomManifest.builder().build()).isInstanceOf(ManifestException.class)
        .hasMessageContaining("$.controller: required").hasMessageContaining("at least one room");
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    String text = """
        schemaVersion: 1
        controler: {url: "ws://x:5580/ws"}
        rooms:
          - id: Main Stage
            devices:
              - id: light
                payload: "MT:Y.K90AFN00KA0648G0"
                role: vital
              - id: plug
                payload: 34970112332
                role: degraded
                nodeId: 0
                colour: red
          - id: bar
            devices: {}
        """;
    String problems = problems(text, ManifestFormat.YAML);
    assertThat(problems).contains("$.controler: unknown member")
        .contains("$.controller: required")
        .contains("$.rooms[0].id: a room id is")
        .contains("$.rooms[0].devices[0].payload: QR code: ")
        .contains("[INVALID_LENGTH]")
        .contains("$.rooms[0].devices[0].role: expected one of critical, degraded, non-essential")
        .contains("$.rooms[0].devices[1].payload: must be a string: quote the code")
        .contains("$.rooms[0].devices[1].nodeId: expected a node id")
        .contains("$.rooms[0].devices[1].colour: unknown member")
        .contains("$.rooms[1].devices: expected a list of devices");
    assertThat(problems).doesNotContain("20202021").doesNotContain("34970112332");
  }

  @Test
  void refusesANewerSchemaVersionWithoutGuessing() {
    String newer = YAML.replace("schemaVersion: 1", "schemaVersion: 3")
        .replace("  - id: bar\n", "  - id: bar\n    scenes: [{when: dusk, then: stage-light}]\n");
    assertThat(newer).contains("scenes");
    assertThat(problems(newer, ManifestFormat.YAML)).isEqualTo(
        "$.schemaVersion: 3 is newer than this SDK reads (2); upgrade the SDK, or write the manifest in schema"
            + " version 2");
    assertThat(problems("{\"controller\":{}}", ManifestFormat.JSON)).startsWith("$.schemaVersion: required");
    assertThat(problems("{\"schemaVersion\": 0}", ManifestFormat.JSON)).startsWith("$.schemaVersion: 0 is not");
  }

  @Test
  void refusesDocumentsThatAreNoManifest() {
    assertThat(problems("", ManifestFormat.JSON)).isEqualTo("$: the document is empty");
    assertThat(problems("", ManifestFormat.YAML)).isEqualTo("$: the document is empty");
    assertThat(problems("[1]", ManifestFormat.JSON)).startsWith("$: expected an object");
    assertThat(problems("{\"schemaVersion\": 1,", ManifestFormat.JSON)).startsWith("$: not a JSON document");
    assertThat(problems("{\"schemaVersion\": 1, \"schemaVersion\": 1}", ManifestFormat.JSON))
        .startsWith("$: not a JSON document");
    assertThat(problems("a: [", ManifestFormat.YAML)).startsWith("$: not a YAML document");
    assertThat(problems("schemaVersion: 1\nschemaVersion: 1\n", ManifestFormat.YAML))
        .startsWith("$: not a YAML document");
    assertThat(problems("x".repeat(RoomManifest.MAX_BYTES + 1), ManifestFormat.YAML)).contains("more than");
    assertThat(problems("{\"schemaVersion\":1,\"controller\":{\"url\":\"http://x/ws\"},\"rooms\":[]}",
        ManifestFormat.JSON)).contains("$.controller.url: the controller URL must be ws:// or wss://")
        .contains("$.rooms: a manifest lists at least one room");
  }

  @Test
  void readsFilesByTheirExtension(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("rooms.yml"), YAML, StandardCharsets.UTF_8);
    Path json = Files.writeString(dir.resolve("rooms.JSON"), JSON, StandardCharsets.UTF_8);
    assertThat(RoomManifest.read(yaml)).isEqualTo(RoomManifest.read(json));
    Path txt = Files.writeString(dir.resolve("rooms.txt"), YAML, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> RoomManifest.read(txt)).isInstanceOf(ManifestException.class)
        .hasMessageContaining("*.json, *.yaml or *.yml");
    assertThatThrownBy(() -> RoomManifest.read(dir.resolve("missing.yaml"))).isInstanceOf(ManifestException.class)
        .hasMessageContaining("cannot read it");
  }
}
