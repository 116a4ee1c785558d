package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.Criticality;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.ModeChange;
import dev.microevent.core.Plane;
import dev.microevent.core.ServiceMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Talks to a real NUT upsd with the dummy-ups driver, started on 127.0.0.1 by the reference
 * script {@code <repo>/../shared/reference/nut/start-nut.sh} (CI installs nut-server nut-client).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NutUpsdIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String OL = """
      device.type: ups
      ups.status: OL
      ups.load: 25
      ups.realpower: 225
      ups.realpower.nominal: 900
      battery.charge: 100
      battery.charge.low: 20
      battery.runtime: 3000
      battery.runtime.low: 300
      battery.voltage: 27.2
      battery.voltage.nominal: 24
      battery.type: PbAc
      input.voltage: 230.0
      """;

  @TempDir
  static Path workdir;
  private static Path scripts;
  private static int port;
  private static Map<String, String> env;
  private static long mtime = System.currentTimeMillis();

  @BeforeAll
  static void startUpsd() throws Exception {
    scripts = locateScripts();
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    env = start();
  }

  @AfterAll
  static void stopUpsd() throws Exception {
    if (scripts != null) {
      run(scripts.resolve("stop-nut.sh").toString(), workdir.toString());
    }
  }

  /**
   * The reference scripts beside the repository ({@code <repo>/../shared/reference/nut}) when they
   * are there, else the verbatim copy kept in {@code src/test/nut} for clones without them.
   */
  private static Path locateScripts() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/reference/nut");
      if (Files.isRegularFile(candidate.resolve("start-nut.sh"))) {
        return candidate;
      }
    }
    Path copy = Path.of("src", "test", "nut").toAbsolutePath();
    if (Files.isRegularFile(copy.resolve("start-nut.sh"))) {
      return copy;
    }
    return fail("cannot find start-nut.sh in <repo>/../shared/reference/nut nor in " + copy);
  }

  private static Map<String, String> start() throws Exception {
    ProcessResult r = run(scripts.resolve("start-nut.sh").toString(), workdir.toString(), Integer.toString(port));
    if (r.exit == 3) {
      fail("NUT is not installed: apt-get install -y nut-server nut-client (CI installs it)\n" + r.output);
    }
    assertThat(r.exit).as("start-nut.sh failed:\n%s", r.output).isZero();
    Map<String, String> vars = new HashMap<>();
    for (String line : r.output.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (line.startsWith("NUT_") && eq > 0) {
        vars.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(vars).containsKeys("NUT_PORT", "NUT_DATA_FILE", "NUT_DRIVER_PID");
    return vars;
  }

  private record ProcessResult(int exit, String output) {}

  private static ProcessResult run(String... command) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash"));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroy();
      fail("%s did not finish in 60 s:\n%s", command[0], out);
    }
    return new ProcessResult(p.exitValue(), out);
  }

  /** Rewrites dummy-ups' data file atomically, with a strictly newer mtime so it is re-read. */
  private static void writeData(String content) throws IOException {
    Path data = Path.of(env.get("NUT_DATA_FILE"));
    Path tmp = data.resolveSibling("ups.dev.tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    mtime = Math.max(mtime + 2000, System.currentTimeMillis());
    Files.setLastModifiedTime(tmp, FileTime.fromMillis(mtime));
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static NutConfig.Builder config() {
    return NutConfig.builder().port(port).upsName("dummy").maxReconnectBackoff(Duration.ofSeconds(1));
  }

  private static NutSource admin() {
    return PowerSource.nut(config().credentials(env.get("NUT_USER"), env.get("NUT_PASSWORD")).build());
  }

  @BeforeEach
  void onLine() throws IOException {
    writeData(OL);
    try (NutSource ups = PowerSource.nut(config().build())) {
      await().atMost(PATIENCE).ignoreExceptions()
          .until(() -> ups.variable("ups.status").orElse("").equals("OL")
              && ups.variable("battery.charge").orElse("").equals("100"));
    }
  }

  @Test
  @Order(1)
  void readsVariablesListsAndATypedReading() {
    try (NutSource ups = PowerSource.nut(config().build())) {
      assertThat(ups.listUps()).containsEntry("dummy", "micro-event SDK test UPS");
      assertThat(ups.variables()).containsEntry("battery.charge", "100").containsEntry("driver.name", "dummy-ups");
      assertThat(ups.variable("ups.realpower")).contains("225");
      assertThat(ups.variable("no.such.var")).isEmpty();
      assertThat(ups.commands()).contains("load.off");

      PowerReading r = ups.read();
      assertThat(r.flags()).containsExactly(UpsFlag.OL);
      assertThat(r.chargePercent()).hasValue(100);
      assertThat(r.runtime()).contains(Duration.ofMinutes(50));
      assertThat(r.loadWatts()).hasValue(225);
      assertThat(r.batteryVolts()).hasValue(27.2);
    }
  }

  @Test
  @Order(2)
  void runsAnInstantCommand_andMapsRefusalsToTypedErrors() {
    try (NutSource ups = admin()) {
      ups.instantCommand("load.off");
      assertThatThrownBy(() -> ups.instantCommand("test.battery.start"))
          .isInstanceOfSatisfying(NutErrorException.class, e -> assertThat(e.error()).isEqualTo(NutError.CMD_NOT_SUPPORTED));
    }
    try (NutSource anonymous = PowerSource.nut(config().build())) {
      assertThatThrownBy(() -> anonymous.instantCommand("load.off"))
          .isInstanceOfSatisfying(NutErrorException.class, e -> assertThat(e.error()).isEqualTo(NutError.USERNAME_REQUIRED));
    }
    try (NutSource monitor = PowerSource.nut(config().credentials(env.get("NUT_MON_USER"), env.get("NUT_MON_PASSWORD")).build())) {
      assertThatThrownBy(() -> monitor.instantCommand("load.off"))
          .isInstanceOfSatisfying(NutErrorException.class, e -> assertThat(e.error()).isEqualTo(NutError.ACCESS_DENIED));
    }
    try (NutSource wrong = PowerSource.nut(config().credentials("admin", "not the password").build())) {
      assertThatThrownBy(() -> wrong.instantCommand("load.off"))
          .isInstanceOfSatisfying(NutErrorException.class, e -> {
            assertThat(e.error()).isEqualTo(NutError.ACCESS_DENIED);
            assertThat(e.getMessage()).doesNotContain("not the password");
          });
    }
    try (NutSource nosuch = PowerSource.nut(NutConfig.builder().port(port).upsName("nosuch").build())) {
      assertThatThrownBy(nosuch::read)
          .isInstanceOfSatisfying(NutErrorException.class, e -> assertThat(e.error()).isEqualTo(NutError.UNKNOWN_UPS));
    }
  }

  @Test
  @Order(3)
  void logsInAsAMonitor_soUpsdCountsIt_andRefusesWrongCredentialsAtLogin() throws IOException {
    try (NutSource monitor = PowerSource.nut(config().credentials(env.get("NUT_MON_USER"), env.get("NUT_MON_PASSWORD"))
        .login(true).build())) {
      assertThat(monitor.read().flags()).contains(UpsFlag.OL);
      assertThat(rawQuery("GET NUMLOGINS dummy")).isEqualTo("NUMLOGINS dummy 1");
    }
    await().atMost(PATIENCE).until(() -> rawQuery("GET NUMLOGINS dummy").equals("NUMLOGINS dummy 0"));
    try (NutSource wrong = PowerSource.nut(config().credentials("monitor", "not the password").login(true).build())) {
      // upsd accepts any PASSWORD and refuses only the privileged LOGIN
      assertThatThrownBy(wrong::read).isInstanceOfSatisfying(NutErrorException.class, e -> {
        assertThat(e.error()).isEqualTo(NutError.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("LOGIN dummy").doesNotContain("not the password");
      });
    }
  }

  /** One command on a raw connection of its own, as upsc would send it. */
  private static String rawQuery(String command) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String answer = in.readLine();
      return answer == null ? "" : answer;
    }
  }

  @Test
  @Order(4)
  void setsAVariable_whichUpsdAppliesAboutOnePollLater() {
    try (NutSource ups = admin()) {
      ups.setVariable("battery.charge", "42");
      await().atMost(PATIENCE).until(() -> ups.variable("battery.charge").orElse("").equals("42"));
      assertThatThrownBy(() -> ups.setVariable("driver.name", "x"))
          .isInstanceOfSatisfying(NutErrorException.class, e -> assertThat(e.error()).isEqualTo(NutError.READONLY));
    }
  }

  @Test
  @Order(5)
  void followsTheUpsFromOnLineToOnBatteryToLowBattery_andTheModeGoesDownAndBackWithHysteresis() throws IOException {
    DegradationPolicy policy = DegradationPolicy.builder()
        .reduceBelow(PowerThreshold.of(Duration.ofMinutes(20), 50))
        .criticalOnlyBelow(PowerThreshold.of(Duration.ofMinutes(5), 20))
        .recoveryDelay(Duration.ofSeconds(2))
        .build();
    List<ModeChange> changes = new CopyOnWriteArrayList<>();
    try (MicroEventClient core = MicroEventClient.builder()
        .centralPlane(Plane.central(URI.create("http://127.0.0.1:9"))).healthChecksEnabled(false)
        .addModeListener(changes::add).build();
        PowerClient power = PowerClient.builder().client(core)
            .addSource(PowerSource.nut(config().id("stage-ups").build()))
            .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 100))
            .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 125))
            .pollInterval(Duration.ofMillis(250)).policy(policy).build()) {
      await().atMost(PATIENCE).until(() -> power.status().sources().get(0).state() == SourceState.FRESH);
      assertThat(core.modes().current()).isEqualTo(ServiceMode.NORMAL);

      writeData(OL.replace("ups.status: OL", "ups.status: OB DISCHRG").replace("input.voltage: 230.0", "input.voltage: 0.0")
          .replace("battery.charge: 100", "battery.charge: 60").replace("battery.runtime: 3000", "battery.runtime: 900"));
      await().atMost(PATIENCE).until(() -> core.modes().current() == ServiceMode.REDUCED);
      assertThat(power.status().sources().get(0).reading().orElseThrow().onBattery()).isTrue();

      writeData(OL.replace("ups.status: OL", "ups.status: OB DISCHRG LB").replace("battery.charge: 100", "battery.charge: 15")
          .replace("battery.runtime: 3000", "battery.runtime: 180"));
      await().atMost(PATIENCE).until(() -> core.modes().current() == ServiceMode.CRITICAL_ONLY);
      assertThat(power.status().sources().get(0).reading().orElseThrow().lowBattery()).isTrue();

      // mains back, but the charge (23 %) is inside the hysteresis band above the 20 % threshold
      writeData(OL.replace("ups.status: OL", "ups.status: OL CHRG").replace("battery.charge: 100", "battery.charge: 23"));
      await().atMost(PATIENCE).until(() -> power.status().sources().get(0).reading()
          .filter(r -> !r.onBattery() && r.chargePercent().orElse(0) == 23).isPresent());
      await().during(Duration.ofSeconds(5)).atMost(PATIENCE)
          .until(() -> core.modes().current() == ServiceMode.CRITICAL_ONLY); // 2.5 recovery delays
      assertThat(power.status().reason()).contains("hysteresis");

      writeData(OL.replace("ups.status: OL", "ups.status: OL CHRG"));
      await().atMost(PATIENCE).until(() -> core.modes().current() == ServiceMode.NORMAL);

      assertThat(changes).extracting(ModeChange::to)
          .containsExactly(ServiceMode.REDUCED, ServiceMode.CRITICAL_ONLY, ServiceMode.REDUCED, ServiceMode.NORMAL);
      assertThat(changes).allSatisfy(c -> assertThat(c.source()).isEqualTo("power"));
      Instant stepDown = changes.get(2).at();
      Instant normal = changes.get(3).at();
      assertThat(Duration.between(stepDown, normal)).as("each step back waits the recovery delay")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  @Order(6)
  void survivesUpsdRestarting_andFlagsStaleDataWhileItIsGone() throws Exception {
    List<PowerAlert> alerts = new CopyOnWriteArrayList<>();
    NutSource ups = PowerSource.nut(config().id("stage-ups").build());
    try (PowerClient power = PowerClient.builder().addSource(ups).pollInterval(Duration.ofMillis(250))
        .addListener(new PowerListener() {
          @Override
          public void onAlert(PowerAlert alert) {
            alerts.add(alert);
          }
        }).build()) {
      await().atMost(PATIENCE).until(() -> power.status().sources().get(0).state() == SourceState.FRESH);

      long driver = Long.parseLong(env.get("NUT_DRIVER_PID"));
      ProcessHandle.of(driver).ifPresent(ProcessHandle::destroy);
      await().atMost(PATIENCE).until(() -> power.status().sources().get(0).state() == SourceState.STALE);
      // upsd answers ERR DRIVER-NOT-CONNECTED, or serves status WAIT while it waits for the driver
      assertThat(power.status().sources().get(0).problem()).containsAnyOf("DRIVER-NOT-CONNECTED", "WAIT", "DATA-STALE");
      assertThat(power.status().estimate().runtime()).isEqualTo(RuntimeLeft.UNKNOWN);
      assertThat(power.status().sources().get(0).reading()).as("the last good reading is kept, flagged stale").isPresent();

      assertThat(run(scripts.resolve("stop-nut.sh").toString(), workdir.toString()).exit).isZero();
      await().atMost(PATIENCE).until(() -> {
        String problem = power.status().sources().get(0).problem();
        return problem != null && problem.contains("upsd ("); // upsd itself is gone: connection errors
      });
      assertThat(power.status().sources().get(0).state()).isEqualTo(SourceState.STALE);
      assertThat(power.mode()).as("stale data never escalates").isEqualTo(ServiceMode.NORMAL);

      env = start();
      await().atMost(PATIENCE).until(() -> power.status().sources().get(0).state() == SourceState.FRESH);
      assertThat(power.status().sources().get(0).reading().orElseThrow().chargePercent()).hasValue(100);
      assertThat(alerts).extracting(PowerAlert::kind)
          .containsSubsequence(PowerAlert.Kind.SOURCE_STALE, PowerAlert.Kind.SOURCE_RECOVERED);
    }
  }

  @Test
  @Order(7)
  void aUpsOnMainsWithAShortBatteryRuntime_staysNormal_andDegradesOnlyWhenTheMainsGo() throws IOException {
    String shortRuntime = OL.replace("battery.runtime: 3000", "battery.runtime: 480");
    // the default policy, no loads configured: the UPS's measured 225 W count as critical
    try (PowerClient power = PowerClient.builder().addSource(PowerSource.nut(config().id("stage-ups").build()))
        .pollInterval(Duration.ofMillis(250)).build()) {
      writeData(shortRuntime);
      PowerStatus onMains = await().atMost(PATIENCE).until(power::status, s -> s.sources().get(0).reading()
          .filter(r -> r.onLine() && r.runtime().equals(Optional.of(Duration.ofMinutes(8)))).isPresent());
      assertThat(onMains.mode()).as(onMains.reason()).isEqualTo(ServiceMode.NORMAL);
      assertThat(onMains.estimate().runtime()).isEqualTo(RuntimeLeft.UNBOUNDED);

      writeData(shortRuntime.replace("ups.status: OL", "ups.status: OB DISCHRG").replace("input.voltage: 230.0",
          "input.voltage: 0.0"));
      PowerStatus onBattery = await().atMost(PATIENCE).until(power::status,
          s -> s.sources().get(0).reading().filter(PowerReading::onBattery).isPresent());
      assertThat(onBattery.mode()).as(onBattery.reason()).isEqualTo(ServiceMode.CRITICAL_ONLY);
      assertThat(onBattery.estimate().runtime()).isEqualTo(RuntimeLeft.of(Duration.ofMinutes(8)));
    }
  }
}
