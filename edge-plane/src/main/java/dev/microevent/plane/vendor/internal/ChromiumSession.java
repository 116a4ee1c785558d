package dev.microevent.plane.vendor.internal;

import dev.microevent.plane.vendor.ConsoleBrowserException;
import dev.microevent.plane.vendor.ConsoleCredentials;
import dev.microevent.plane.vendor.ConsoleException;
import dev.microevent.plane.vendor.ConsoleLayoutException;
import dev.microevent.plane.vendor.ConsoleLoginException;
import dev.microevent.plane.vendor.ConsoleSpec;
import dev.microevent.plane.vendor.ConsoleTimeoutException;
import dev.microevent.plane.vendor.ConsoleValue;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scrape in a fresh headless Chromium: its own profile and temp directories, its own
 * chromedriver on a free loopback port, no Selenium Manager (the driver path is given), driver
 * output discarded. {@link #kill()} ends the browser's processes (found by this session's own
 * profile directory) and the driver, whatever state they are in.
 */
public final class ChromiumSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChromiumSession.class);
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:[.,]\\d+)?");
  private static final Duration POLL = Duration.ofMillis(50);
  /** How long a graceful quit may take before the processes are killed instead. */
  private static final Duration QUIT_GRACE = Duration.ofSeconds(3);

  private final String console;
  private final Path home;
  private final Path tmp;
  private final ChromeDriverService service;
  private volatile @Nullable ChromeDriver driver;
  private volatile boolean killed;

  /**
   * Prepares a session; {@link #open} starts the browser.
   *
   * @param console the console's name, for messages
   * @param chromedriver the chromedriver executable
   * @param workDirectory where the session's directories are made
   * @throws ConsoleBrowserException if the directories cannot be made
   */
  public ChromiumSession(String console, Path chromedriver, Path workDirectory) {
    this.console = console;
    try {
      Files.createDirectories(workDirectory);
      this.home = Files.createTempDirectory(workDirectory, "console-" + console + "-");
      // Chromium's singleton socket lives in TMPDIR and a Unix socket path is at most 107 bytes: keep it short
      this.tmp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "mec");
    } catch (IOException e) {
      throw new ConsoleBrowserException(console, "cannot make the browser's directories in " + workDirectory, e);
    }
    this.service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .withEnvironment(Map.of("TMPDIR", tmp.toString(), "XDG_CACHE_HOME",
            home.resolve("cache").toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
            "SE_OFFLINE", "true", "SE_AVOID_STATS", "true"))
        .withLogOutput(OutputStream.nullOutputStream())
        .build();
  }

  /**
   * Starts the browser.
   *
   * @param chromium the browser executable
   * @param pageTimeout longest page load and driver command
   * @throws ConsoleBrowserException if it does not start
   */
  public void open(Path chromium, Duration pageTimeout) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--no-first-run", "--disable-extensions", "--disable-background-networking", "--window-size=1280,800",
        "--user-data-dir=" + home.resolve("profile"));
    options.setPageLoadTimeout(pageTimeout);
    options.setScriptTimeout(pageTimeout);
    options.setImplicitWaitTimeout(Duration.ZERO);
    ClientConfig client = ClientConfig.defaultConfig().readTimeout(pageTimeout.plusSeconds(10))
        .connectionTimeout(Duration.ofSeconds(10));
    try {
      driver = new ChromeDriver(service, options, client);
    } catch (WebDriverException e) {
      throw new ConsoleBrowserException(console, "the headless browser did not start (" + firstLine(e) + ")", e);
    }
  }

  private WebDriver driver() {
    ChromeDriver d = driver;
    if (d == null) {
      throw new ConsoleBrowserException(console, "the browser is not open", null);
    }
    return d;
  }

  /**
   * Logs in.
   *
   * @param spec the console
   * @param credentials the login; typed into the form, never logged
   * @param pageTimeout longest the page and the login may take
   * @throws ConsoleException typed by cause
   */
  public void login(ConsoleSpec spec, ConsoleCredentials credentials, Duration pageTimeout) {
    load(spec.loginUrl().toString(), pageTimeout);
    WebElement user = element(spec.usernameSelector(), "login.username", pageTimeout);
    WebElement pass = element(spec.passwordSelector(), "login.password", Duration.ZERO);
    WebElement submit = element(spec.submitSelector(), "login.submit", Duration.ZERO);
    char[] password = credentials.password();
    try {
      user.clear();
      user.sendKeys(credentials.username());
      pass.clear();
      pass.sendKeys(CharBuffer.wrap(password));
      submit.click();
    } catch (TimeoutException e) {
      throw new ConsoleTimeoutException(console, "the login did not complete within " + pageTimeout.toMillis()
          + " ms (the page after the login did not load)", null);
    } catch (WebDriverException e) {
      throw new ConsoleLayoutException(console, "login.form", spec.usernameSelector(),
          "the login form could not be filled in (" + e.getClass().getSimpleName() + ")", null);
    } finally {
      Arrays.fill(password, '\0');
    }
    String success = spec.successSelector();
    String failure = spec.failureSelector();
    String result;
    try {
      result = new WebDriverWait(driver(), pageTimeout, POLL).until(d -> {
        if (!d.findElements(By.cssSelector(success)).isEmpty()) {
          return "ok";
        }
        if (failure != null && d.findElements(By.cssSelector(failure)).stream().anyMatch(WebElement::isDisplayed)) {
          return "refused";
        }
        return null;
      });
    } catch (TimeoutException e) {
      throw new ConsoleTimeoutException(console, "the login did not complete within " + pageTimeout.toMillis()
          + " ms (neither '" + success + "'" + (failure == null ? "" : " nor '" + failure + "'") + " appeared)", null);
    }
    if ("refused".equals(result)) {
      throw new ConsoleLoginException(console, "the console refused the login ('" + failure
          + "' appeared); check the credentials", null);
    }
  }

  /**
   * Reads the values, page by page, in the spec's order.
   *
   * @param spec the console
   * @param pageTimeout longest a page load may take
   * @param valueTimeout longest to wait for a value to render
   * @return each value by name
   * @throws ConsoleException typed by cause
   */
  public Map<String, Double> read(ConsoleSpec spec, Duration pageTimeout, Duration valueTimeout) {
    Map<String, Double> out = new LinkedHashMap<>();
    String landing = driver().getCurrentUrl();
    String current = landing;
    List<ConsoleValue> values = spec.values();
    for (ConsoleValue v : values) {
      String url = v.page().isEmpty() ? landing : spec.loginUrl().resolve(v.page()).toString();
      if (url != null && !url.equals(current)) {
        load(url, pageTimeout);
        current = url;
      }
      out.put(v.name(), number(v, valueTimeout));
    }
    return out;
  }

  private double number(ConsoleValue v, Duration valueTimeout) {
    By by = By.cssSelector(v.selector());
    try {
      String text = new WebDriverWait(driver(), valueTimeout, POLL).until(d -> {
        for (WebElement e : d.findElements(by)) {
          String t = e.getText();
          if (t != null && NUMBER.matcher(t).find()) {
            return t;
          }
        }
        return null;
      });
      Matcher m = NUMBER.matcher(text);
      if (!m.find()) {
        throw new IllegalStateException("the wait returned text without a number");
      }
      return Double.parseDouble(m.group().replace(',', '.'));
    } catch (TimeoutException e) {
      List<WebElement> found = driver().findElements(by);
      if (found.isEmpty()) {
        throw new ConsoleLayoutException(console, v.name(), v.selector(), "the selector '" + v.selector()
            + "' of value '" + v.name() + "' no longer matches anything (waited " + valueTimeout.toMillis()
            + " ms); the layout changed: update the console spec", null);
      }
      throw new ConsoleLayoutException(console, v.name(), v.selector(), "the selector '" + v.selector()
          + "' of value '" + v.name() + "' matches, but its text has no number; the layout changed: update the "
          + "console spec", null);
    }
  }

  private WebElement element(String selector, String item, Duration wait) {
    By by = By.cssSelector(selector);
    try {
      if (wait.isZero()) {
        List<WebElement> found = driver().findElements(by);
        if (!found.isEmpty()) {
          return found.get(0);
        }
        throw new TimeoutException("absent");
      }
      return new WebDriverWait(driver(), wait, POLL).until(d -> {
        List<WebElement> found = d.findElements(by);
        return found.isEmpty() ? null : found.get(0);
      });
    } catch (TimeoutException e) {
      throw new ConsoleLayoutException(console, item, selector, "the selector '" + selector + "' of " + item
          + " no longer matches anything; the layout changed: update the console spec", null);
    }
  }

  private void load(String url, Duration pageTimeout) {
    try {
      driver().get(url);
    } catch (TimeoutException e) {
      throw new ConsoleTimeoutException(console, "the page " + url + " did not load within " + pageTimeout.toMillis()
          + " ms", null);
    } catch (WebDriverException e) {
      throw new ConsoleBrowserException(console, "the browser could not load " + url + " (" + firstLine(e) + ")", e);
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Ends the browser and the driver at once: the processes of this session's profile, then the driver. */
  public void kill() {
    killed = true;
    String profile = "--user-data-dir=" + home.resolve("profile");
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(profile)).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    service.stop();
  }

  /**
   * Quits the browser, stops the driver and removes the session's directories. A browser that was
   * killed is not asked to quit, and a quit that takes longer than a few seconds (a renderer stuck
   * in a navigation can hold chromedriver's quit until its read timeout) is cut short by a kill,
   * so closing is bounded whatever state the browser is in.
   */
  @Override
  public void close() {
    ChromeDriver d = driver;
    driver = null;
    if (d != null && !killed) {
      Thread quitter = new Thread(() -> quit(d), "console-quit-" + console);
      quitter.setDaemon(true);
      quitter.start();
      try {
        quitter.join(QUIT_GRACE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    kill();
    for (Path dir : new Path[] {home, tmp}) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        log.debug("console {}: cannot remove {}: {}", console, dir, e.toString());
      }
    }
  }

  private void quit(ChromeDriver d) {
    try {
      d.quit();
    } catch (RuntimeException e) {
      // killed while quitting, or the driver was already gone: kill() ends what is left
      log.debug("console {}: the browser did not quit cleanly: {}", console, e.getClass().getSimpleName());
    }
  }
}
