package dev.microevent.matter;

import static dev.microevent.matter.Venue.done;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The readiness report's HTML page in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromedriver}, driven by Selenium; never Selenium Manager): the page a pre-flight of the
 * three-room venue writes shows each device's status, the verdict, escapes what the manifest
 * says, and logs no console error. One browser for the class; its profile and temp files stay in
 * {@code target/}.
 */
class ReadinessReportChromiumIT {
  static final Path WORK = Path.of("target", "chromium-it");
  static WebDriver browser;

  @BeforeAll
  static void startChromium() throws IOException {
    Files.createDirectories(WORK.resolve("tmp"));
    Path profile = Files.createTempDirectory(WORK, "profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    String tmp = WORK.resolve("tmp").toAbsolutePath().toString();
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
        .withEnvironment(Map.of("TMPDIR", tmp, "XDG_CACHE_HOME", tmp, "XDG_CONFIG_HOME", tmp,
            "SE_OFFLINE", "true", "SE_AVOID_STATS", "true"))
        .build();
    browser = new ChromeDriver(driver, options);
  }

  @AfterAll
  static void stopChromium() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static void open(Path page) {
    browser.get(page.toAbsolutePath().toUri().toString());
    new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50))
        .until(ExpectedConditions.presenceOfElementLocated(By.tagName("body")));
  }

  /** What the page logged at SEVERE (uncaught errors, console.error, failed loads, CSP refusals). */
  private static List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  private static WebElement row(String device) {
    return browser.findElement(By.cssSelector("tr[data-device='" + device + "']"));
  }

  @Test
  void thePreflightPage_showsEachDevicesStatus_andTheVerdict_withoutConsoleErrors() throws Exception {
    Path page;
    try (Venue venue = new Venue()) {
      // A name is free text: the page must show it, never run it.
      RoomManifest hostile = RoomManifest.builder().controller(venue.manifest.controller()).rooms(
          venue.manifest.rooms().stream().map(r -> r.toBuilder().devices(r.devices().stream()
              .map(d -> d.id().value().equals("neon-sign")
                  ? d.toBuilder().name("Neon <img src=x onerror=\"console.error('xss')\"> sign").build() : d)
              .toList()).build()).toList()).build();
      ReadinessReport report = done(venue.matter.preflight(hostile));
      page = report.writeHtml(WORK.resolve("readiness.html"));
    }
    consoleErrors(); // drop what the browser logged before this page

    open(page);

    WebElement verdict = browser.findElement(By.id("verdict"));
    assertThat(verdict.getAttribute("data-ready")).isEqualTo("false");
    assertThat(verdict.getText()).isEqualTo("NOT READY to open: 1 critical device not ready (bar-till)");
    assertThat(browser.findElements(By.cssSelector("section.room"))).extracting(s -> s.getAttribute("data-room"))
        .containsExactly("shop", "stage", "bar");
    Map<String, String> expected = Map.of("shop-till", "ready", "shop-spot", "ready", "neon-sign", "ready",
        "stage-light", "ready", "fog-machine", "wrong firmware", "stage-spot", "commissioned now",
        "bar-till", "unreachable", "bar-screen", "missing");
    expected.forEach((device, status) ->
        assertThat(row(device).findElement(By.cssSelector("td.status")).getText()).as(device).isEqualTo(status));
    assertThat(browser.findElements(By.cssSelector("tr[data-device]"))).hasSize(8);
    assertThat(row("bar-till").getAttribute("class")).contains("blocking");
    assertThat(row("bar-screen").getAttribute("class")).doesNotContain("blocking"); // degraded: may be missing
    assertThat(row("bar-till").findElement(By.cssSelector("td.status")).getCssValue("color"))
        .as("the page's own style applies (the CSP allows it)").isEqualTo("rgba(180, 35, 24, 1)");
    assertThat(row("stage-spot").findElement(By.cssSelector("td.node")).getText()).isEqualTo("100");
    assertThat(row("neon-sign").findElement(By.tagName("td")).getText())
        .startsWith("Neon <img src=x onerror=\"console.error('xss')\"> sign");
    assertThat(browser.findElements(By.tagName("img"))).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain("MT:");
    assertThat(consoleErrors()).isEmpty();
  }

  /** The console check above can fail: a page that logs an error is caught. */
  @Test
  void aPageThatLogsAnError_isCaught() throws Exception {
    consoleErrors();
    Path page = Files.writeString(WORK.resolve("broken.html"),
        "<!DOCTYPE html><html><body><script>console.error('broken page')</script></body></html>",
        StandardCharsets.UTF_8);

    open(page);

    assertThat(consoleErrors()).anyMatch(m -> m.contains("broken page"));
  }
}
