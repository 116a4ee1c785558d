package dev.microevent.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.ServiceMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's Matter room as the demo runs it: pre-flight before the doors open, dark for the
 * night when the power source proposes REDUCED, back exactly as it was when it proposes NORMAL;
 * judged on the lines the demo prints, so the demo cannot claim what did not happen.
 */
class PopUpRoomIT {

  @Test
  void theRoomIsCheckedBeforeTheDoorsOpen_goesDarkForTheNight_andComesBackExactlyAsItWas() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Stage stage = new Stage(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try (MicroEventClient client = MicroEventClient.builder()
            .centralPlane(Plane.central(URI.create("http://127.0.0.1:9"))).healthChecksEnabled(false).build();
        PopUpRoom room = PopUpRoom.open(stage, client)) {
      client.modes().propose("power", ServiceMode.REDUCED, "solar battery at 20 %");
      room.printState();
      client.modes().propose("power", ServiceMode.NORMAL, "sun on the panel");
      room.printState();
    }

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceFirst("^\\[.*?\\] ", ""))
        .toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("room pop-up pre-flight: ready to open, 4 devices ready, 1 commissioned now"
        + " (Matter controller on loopback)");
    assertThat(lines.get(1)).startsWith("room pop-up goes dark (REDUCED): off ")
        .contains("neon-sign", "fog-machine", "dimmed ", "spot-1 220->", "spot-2 180->")
        .endsWith("; critical devices untouched")
        .doesNotContain("till", "did not answer");
    assertThat(lines.get(2)).isEqualTo("room pop-up in REDUCED: 1 of 5 devices as they were before the night");
    assertThat(lines.get(3)).startsWith("room pop-up comes back (NORMAL): on ")
        .contains("neon-sign", "fog-machine", "level back ", "->220", "->180")
        .endsWith("; critical devices untouched")
        .doesNotContain("till", "did not answer");
    assertThat(lines.get(4)).isEqualTo("room pop-up in NORMAL: 5 of 5 devices as they were before the night");
  }
}
