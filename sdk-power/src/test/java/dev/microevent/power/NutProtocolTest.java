package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import dev.microevent.power.internal.NutWire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NutProtocolTest {
  private LoopbackServer server;
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  /** Ends a scripted answer: the fake sends what comes before and closes the connection. */
  private static final String HANG_UP = "<hang up>";

  /** Starts a fake upsd whose answer to each line comes from the script (null = say nothing). */
  private NutSource fake(Function<String, String> script) throws IOException {
    return fake(script, b -> b);
  }

  private NutSource fake(Function<String, String> script, UnaryOperator<NutConfig.Builder> config) throws IOException {
    server = new LoopbackServer(socket -> {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        received.put(line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line, line);
        lines.add(line);
        if (line.equals("LOGOUT")) {
          out.write("OK Goodbye\n".getBytes(StandardCharsets.UTF_8));
          return;
        }
        String answer = script.apply(line);
        if (answer != null) {
          boolean hangUp = answer.endsWith(HANG_UP);
          out.write(answer.replace(HANG_UP, "").getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (hangUp) {
            return;
          }
        }
      }
    });
    return PowerSource.nut(config.apply(NutConfig.builder().port(server.port()).upsName("dummy")
        .credentials("admin", "s3cret pass").readTimeout(Duration.ofSeconds(2))).build());
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void tokenizes_quotedValuesWithEscapedQuotesAndBackslashes() {
    assertThat(NutWire.tokenize("UPS dummy \"Stage \\\"A\\\" UPS \\\\ main\""))
        .containsExactly("UPS", "dummy", "Stage \"A\" UPS \\ main");
    assertThat(NutWire.tokenize("VAR su700 ups.status \"OL\"")).containsExactly("VAR", "su700", "ups.status", "OL");
    assertThat(NutWire.tokenize("VAR dummy ups.alarm \"\"")).containsExactly("VAR", "dummy", "ups.alarm", "");
    assertThat(NutWire.tokenize("  BEGIN   LIST  VAR dummy ")).containsExactly("BEGIN", "LIST", "VAR", "dummy");
  }

  @Test
  void quotes_whatItSends_soTheServerTokenizesItBack() {
    String nasty = "a \"quoted\" \\ value";
    assertThat(NutWire.tokenize("SET VAR dummy x " + NutWire.quote(nasty)).get(4)).isEqualTo(nasty);
  }

  @Test
  void rejectsUnterminatedQuotesAndDanglingBackslashes_withATypedError() {
    assertThatThrownBy(() -> NutWire.tokenize("VAR dummy x \"open")).isInstanceOf(PowerProtocolException.class);
    assertThatThrownBy(() -> NutWire.tokenize("VAR dummy x \"v\\")).isInstanceOf(PowerProtocolException.class);
  }

  @Test
  void parsesNumbers_theNutWay() {
    assertThat(NutWire.number("023.4")).isEqualTo(23.4);
    assertThat(NutWire.number("020")).isEqualTo(20);
    assertThat(NutWire.number("1200.20")).isEqualTo(1200.2);
    assertThat(NutWire.number("1,200.20")).isNaN();
    assertThat(NutWire.number("1200,20")).isNaN();
    assertThat(NutWire.number("1e3")).isNaN();
    assertThat(NutWire.number("NaN")).isNaN();
    assertThat(NutWire.number("")).isNaN();
  }

  @Test
  void listsUpsVariablesAndCommands_andDecodesEscapes() throws IOException {
    NutSource ups = fake(line -> switch (line) {
      case "LIST UPS" -> "BEGIN LIST UPS\nUPS dummy \"Stage \\\"A\\\" UPS \\\\ main\"\nEND LIST UPS\n";
      case "LIST VAR dummy" -> """
          BEGIN LIST VAR dummy
          VAR dummy battery.charge "023.4"
          VAR dummy ups.status "OB DISCHRG"
          VAR dummy ups.load "50"
          VAR dummy ups.realpower.nominal "900"
          VAR dummy battery.runtime "65535"
          END LIST VAR dummy
          """;
      case "LIST CMD dummy" -> "BEGIN LIST CMD dummy\nCMD dummy load.off\nCMD dummy beeper.mute\nEND LIST CMD dummy\n";
      default -> "OK\n";
    });
    try (ups) {
      assertThat(ups.listUps()).containsExactly(Map.entry("dummy", "Stage \"A\" UPS \\ main"));
      assertThat(ups.commands()).containsExactlyInAnyOrder("load.off", "beeper.mute");
      PowerReading r = ups.read();
      assertThat(r.chargePercent()).hasValue(23.4);
      assertThat(r.onBattery()).isTrue();
      assertThat(r.loadWatts()).hasValue(450.0);
      assertThat(r.runtime()).as("65535 is 16-bit saturation, not a runtime").isEmpty();
    }
  }

  @Test
  void sendsCredentialsQuoted_andNeverShowsThePassword() throws IOException {
    NutSource ups = fake(line -> line.startsWith("INSTCMD") ? "ERR ACCESS-DENIED\n" : "OK\n");
    try (ups) {
      assertThatThrownBy(() -> ups.instantCommand("load.off"))
          .isInstanceOf(NutErrorException.class)
          .hasMessageNotContaining("s3cret");
      assertThat(received.get("PASSWORD")).isEqualTo("PASSWORD \"s3cret pass\"");
      assertThat(ups.toString()).doesNotContain("s3cret");
    }
  }

  @Test
  void logsIn_afterUsernameAndPassword_whenAsked_andLogsOutOnClose() throws IOException {
    NutSource ups = fake(line -> line.startsWith("LIST VAR")
        ? "BEGIN LIST VAR dummy\nVAR dummy ups.status \"OL\"\nEND LIST VAR dummy\n" : "OK\n", b -> b.login(true));
    ups.read();
    ups.close();
    ups.close();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("LOGOUT"));
    assertThat(lines).containsExactly("USERNAME \"admin\"", "PASSWORD \"s3cret pass\"", "LOGIN dummy", "LIST VAR dummy",
        "LOGOUT");
  }

  @ParameterizedTest
  @EnumSource(value = NutError.class, mode = EnumSource.Mode.EXCLUDE, names = "UNRECOGNIZED")
  void mapsEveryErrCode_toItsTypedError(NutError error) throws IOException {
    NutSource ups = fake(line -> "ERR " + error.wireCode() + "\n");
    try (ups) {
      assertThatThrownBy(() -> ups.instantCommand("load.off"))
          .isInstanceOfSatisfying(NutErrorException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.wireCode()).isEqualTo(error.wireCode());
            assertThat(e.errorCode()).isEqualTo(error.wireCode());
            assertThat(e.source()).startsWith("nut://127.0.0.1:").endsWith("/dummy");
            assertThat(e.isStale()).isEqualTo(error == NutError.DATA_STALE || error == NutError.DRIVER_NOT_CONNECTED);
          });
    }
  }

  @Test
  void keepsAnUnknownErrCode_asUnrecognizedWithItsWireCode() throws IOException {
    NutSource ups = fake(line -> "ERR SOMETHING-NEW extra words\n");
    try (ups) {
      assertThatThrownBy(ups::variables).isInstanceOfSatisfying(NutErrorException.class, e -> {
        assertThat(e.error()).isEqualTo(NutError.UNRECOGNIZED);
        assertThat(e.wireCode()).isEqualTo("SOMETHING-NEW");
      });
    }
  }

  @Test
  void treatsDataStale_asUnknownNeverZero() throws IOException {
    NutSource ups = fake(line -> "ERR DATA-STALE\n");
    try (ups) {
      assertThatThrownBy(ups::read).isInstanceOfSatisfying(NutErrorException.class,
          e -> assertThat(e.isStale()).isTrue());
    }
  }

  @Test
  void treatsAStartingDriver_asStale() {
    assertThatThrownBy(() -> dev.microevent.power.internal.DefaultNutSource.toReading("ups",
        Map.of("ups.status", "WAIT"), Instant.EPOCH))
        .isInstanceOfSatisfying(PowerSourceException.class, e -> assertThat(e.isStale()).isTrue());
  }

  @Test
  void rejectsAMalformedListLine_andReconnectsForTheNextCall() throws IOException {
    int[] calls = {0};
    NutSource ups = fake(line -> {
      if (!line.equals("LIST VAR dummy")) {
        return "OK\n";
      }
      return ++calls[0] == 1 ? "BEGIN LIST VAR dummy\nVAR dummy \"broken\nEND LIST VAR dummy\n"
          : "BEGIN LIST VAR dummy\nVAR dummy ups.status \"OL\"\nEND LIST VAR dummy\n";
    });
    try (ups) {
      assertThatThrownBy(ups::variables).isInstanceOf(PowerProtocolException.class);
      assertThat(ups.variables()).containsEntry("ups.status", "OL");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aListCutOffByTheServer_isStaleNotPartial_andTheNextReadReconnects() throws IOException {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    int[] lists = {0};
    NutSource ups = fake(line -> {
      if (!line.equals("LIST VAR dummy")) {
        return "OK\n";
      }
      if (++lists[0] == 1) {
        return "BEGIN LIST VAR dummy\nVAR dummy battery.charge \"80\"\n" + HANG_UP;
      }
      return "BEGIN LIST VAR dummy\nVAR dummy ups.status \"OL\"\nVAR dummy battery.charge \"80\"\nEND LIST VAR dummy\n";
    }, b -> b.clock(time.clock()));
    try (ups) {
      assertThatThrownBy(ups::read).isInstanceOfSatisfying(PowerSourceException.class, e -> {
        assertThat(e.isStale()).isTrue();
        assertThat(e).hasMessageContaining("lost the connection").hasCauseInstanceOf(java.io.EOFException.class);
      });
      time.advance(Duration.ofMillis(500));
      assertThat(ups.read().chargePercent()).hasValue(80);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aServerThatFallsSilent_timesOutAsStale() throws IOException {
    NutSource ups = fake(line -> line.startsWith("LIST") ? null : "OK\n", b -> b.readTimeout(Duration.ofMillis(300)));
    try (ups) {
      assertThatThrownBy(ups::read).isInstanceOfSatisfying(PowerSourceException.class, e -> {
        assertThat(e.isStale()).isTrue();
        assertThat(e).hasCauseInstanceOf(java.net.SocketTimeoutException.class);
      });
    }
  }

  @Test
  void refusesAHostileOverlongLine() throws IOException {
    NutSource ups = fake(line -> "VAR dummy x \"" + "A".repeat(20_000) + "\"\n");
    try (ups) {
      assertThatThrownBy(() -> ups.variable("x")).isInstanceOf(PowerProtocolException.class)
          .hasMessageContaining("longer than");
    }
  }

  @Test
  void refusesNamesAndValuesThatWouldInjectCommands() throws IOException {
    NutSource ups = fake(line -> "OK\n");
    try (ups) {
      assertThatThrownBy(() -> ups.instantCommand("load.off\nFSD dummy")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ups.setVariable("battery.charge", "1\nFSD dummy"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ups.variable("a b")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void backsOffReconnecting_onTheInjectedClock() throws IOException {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (NutSource ups = PowerSource.nut(NutConfig.builder().port(port).upsName("dummy").clock(time.clock()).build())) {
      assertThatThrownBy(ups::read).hasMessageContaining("cannot connect");
      assertThatThrownBy(ups::read).hasMessageContaining("next attempt in 500 ms");
      time.advance(Duration.ofMillis(500));
      assertThatThrownBy(ups::read).hasMessageContaining("cannot connect");
      assertThatThrownBy(ups::read).hasMessageContaining("next attempt in 1000 ms");
    }
  }

  @Test
  void answersOkToSetVar_withTheValueQuotedOnTheWire() throws IOException {
    NutSource ups = fake(line -> "OK\n");
    try (ups) {
      ups.setVariable("ups.id", "Stage \"A\"");
      assertThat(received.get("SET")).isEqualTo("SET VAR dummy ups.id \"Stage \\\"A\\\"\"");
      List<String> words = NutWire.tokenize(received.get("SET"));
      assertThat(words.get(4)).isEqualTo("Stage \"A\"");
    }
  }
}
