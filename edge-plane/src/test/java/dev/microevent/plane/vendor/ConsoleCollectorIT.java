package dev.microevent.plane.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real headless Chromium reads a JS-heavy fake vendor console on loopback. */
class ConsoleCollectorIT {
  @TempDir Path tmp;
  private FakeVendorConsole console;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ConsoleException> alerts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    console = new FakeVendorConsole();
  }

  @AfterEach
  void stop() {
    console.close();
  }

  private ConsoleSpec spec() {
    return ConsoleSpec.parse("""
        {"name": "ups-panel", "loginUrl": "%s",
         "login": {"username": "#user", "password": "#pass", "submit": "#signin",
                   "success": "#dashboard", "failure": ".login-error"},
         "values": [{"name": "load", "selector": "#load"},
                    {"name": "temperature", "selector": "#dashboard .temp"},
                    {"name": "battery", "page": "power.html", "selector": "#battery .value"}]}
        """.formatted(console.uri("/login.html")));
  }

  private ConsoleCollector.Builder collector(String password) {
    return ConsoleCollector.builder(spec())
        .credentials(ConsoleCredentials.of(FakeVendorConsole.USER, password.toCharArray()))
        .workDirectory(tmp.resolve("browsers")).pageTimeout(Duration.ofSeconds(10))
        .valueTimeout(Duration.ofSeconds(3)).deadline(Duration.ofSeconds(40)).meterRegistry(registry)
        .alerts(alerts::add);
  }

  private double scrapes(String result) {
    return registry.get("microevent.vendor.scrapes").tag("result", result).counter().count();
  }

  /** No browser of this test is left running: each scrape's processes are gone. */
  private void noBrowserLeft() {
    String dir = tmp.resolve("browsers").toString();
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.allProcesses()
        .noneMatch(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(dir)).orElse(false)));
  }

  @Test
  void readsValuesRenderedByScript_oneBehindASecondPage_exportsThemAsMeters_andNeverLogsTheCredentials() {
    List<String> julLines = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        julLines.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    Level before = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(capture);
    PrintStream err = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    ConsoleReading reading;
    try {
      reading = collector(FakeVendorConsole.PASSWORD).build().collect();
    } finally {
      System.setErr(err);
      root.removeHandler(capture);
      root.setLevel(before);
    }

    assertThat(reading.values()).containsExactly(java.util.Map.entry("load", 42.5),
        java.util.Map.entry("temperature", 21.5), java.util.Map.entry("battery", 87.0));
    assertThat(registry.get("microevent.vendor.value").tag("console", "ups-panel").tag("value", "battery").gauge()
        .value()).isEqualTo(87.0);
    assertThat(registry.get("microevent.vendor.up").gauge().value()).isEqualTo(1.0);
    assertThat(scrapes("ok")).isEqualTo(1);
    assertThat(alerts).isEmpty();
    assertThat(String.join("\n", julLines) + stderr.toString(StandardCharsets.UTF_8) + reading
        + ConsoleCredentials.of("u", FakeVendorConsole.PASSWORD.toCharArray()))
        .doesNotContain(FakeVendorConsole.PASSWORD);
    noBrowserLeft();
  }

  @Test
  void aRefusedLogin_isTypedAlertsAndCounted_withoutThePasswordInItsMessage() {
    ConsoleCollector c = collector("wrong-" + FakeVendorConsole.PASSWORD).build();

    assertThatThrownBy(c::collect).isInstanceOf(ConsoleLoginException.class)
        .hasMessageContaining("refused the login").hasMessageNotContaining(FakeVendorConsole.PASSWORD)
        .extracting(e -> ((ConsoleException) e).isRetryable()).isEqualTo(false);
    assertThat(alerts).singleElement().isInstanceOf(ConsoleLoginException.class);
    assertThat(scrapes("login_failed")).isEqualTo(1);
    assertThat(registry.get("microevent.vendor.up").gauge().value()).isZero();
    noBrowserLeft();
  }

  @Test
  void afterALayoutChange_theCollectorReportsTheSelectorThatNoLongerMatches() {
    ConsoleCollector c = collector(FakeVendorConsole.PASSWORD).build();
    assertThat(c.collect().values()).containsEntry("load", 42.5);

    console.changeLayout();

    assertThatThrownBy(c::collect).isInstanceOfSatisfying(ConsoleLayoutException.class, e -> {
      assertThat(e.item()).isEqualTo("load");
      assertThat(e.selector()).isEqualTo("#load");
      assertThat(e.getMessage()).contains("'#load'", "no longer matches", "update the console spec");
    });
    assertThat(alerts).singleElement().isInstanceOf(ConsoleLayoutException.class);
    assertThat(scrapes("layout_changed")).isEqualTo(1);
    assertThat(registry.get("microevent.vendor.value").tag("value", "load").gauge().value()).isEqualTo(42.5);
    noBrowserLeft();
  }

  @Test
  void aConsoleThatNeverAnswers_timesOutWithinTheDeadline_andLeavesNoBrowserBehind() {
    console.hang();
    // the bound only guards the test against a hang; each scrape's own timeout is what is judged
    Duration hang = Duration.ofSeconds(60);
    ConsoleCollector pageBound = collector(FakeVendorConsole.PASSWORD).pageTimeout(Duration.ofSeconds(3))
        .deadline(Duration.ofSeconds(30)).build();
    assertTimeoutPreemptively(hang, () -> assertThatThrownBy(pageBound::collect)
        .isInstanceOf(ConsoleTimeoutException.class).hasMessageContaining("within 3000 ms")
        .hasMessageNotContaining("the scrape did not finish"));

    ConsoleCollector deadlineBound = collector(FakeVendorConsole.PASSWORD).pageTimeout(Duration.ofSeconds(30))
        .deadline(Duration.ofSeconds(5)).build();
    assertTimeoutPreemptively(hang, () -> assertThatThrownBy(deadlineBound::collect)
        .isInstanceOf(ConsoleTimeoutException.class).hasMessageContaining("the scrape did not finish within 5000 ms"));
    assertThat(alerts).hasSize(2).allMatch(ConsoleException::isRetryable);
    assertThat(scrapes("timeout")).isEqualTo(2);
    noBrowserLeft();
    assertThat(Files.exists(tmp.resolve("browsers"))).isTrue();
  }
}
