package dev.microevent.power.internal;

import dev.microevent.core.internal.Backoff;
import dev.microevent.power.BatterySpec;
import dev.microevent.power.NutConfig;
import dev.microevent.power.NutError;
import dev.microevent.power.NutErrorException;
import dev.microevent.power.NutSource;
import dev.microevent.power.PowerProtocolException;
import dev.microevent.power.PowerReading;
import dev.microevent.power.PowerSourceException;
import dev.microevent.power.UpsFlag;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NUT UPS over one lazily opened connection. Commands are serialized; an I/O failure drops the
 * connection and the next call reconnects, not sooner than an exponential backoff (0.5 s doubling
 * to the configured maximum) on the config's clock. {@link #close()} closes the socket of a call
 * in progress, so it never waits behind a slow server. Thread-safe.
 */
public final class DefaultNutSource implements NutSource {
  private static final Logger log = LoggerFactory.getLogger(DefaultNutSource.class);
  /** 16-bit saturation some drivers report instead of a runtime (nut#731). */
  private static final double RUNTIME_SATURATED = 65535;

  /** The first reconnect after 0.5 s, doubling up to the configured cap. */
  private static final Duration FIRST_RECONNECT = Duration.ofMillis(500);

  private final NutConfig config;
  private final Backoff reconnect;
  private final String where;
  private final Connector connector;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable NutConnection connection;
  private int failures;
  private Instant nextAttempt = Instant.MIN;
  private volatile boolean closed;
  /** The socket of the connection being opened or in use: what close() shuts to end a call. */
  private volatile @Nullable Closeable socket;

  /**
   * A source.
   *
   * @param config where and how
   */
  public DefaultNutSource(NutConfig config) {
    this(config, opened -> NutConnection.open(source(config), config.host(), config.port(), config.connectTimeout(),
        config.readTimeout(), opened));
  }

  /**
   * A source whose connections come from elsewhere (tests: a scripted upsd without a socket).
   *
   * @param config the UPS name, id and clock
   * @param connector opens a connection
   */
  DefaultNutSource(NutConfig config, Connector connector) {
    this.config = config;
    this.reconnect = Backoff.upTo(FIRST_RECONNECT, config.maxReconnectBackoff());
    this.connector = connector;
    this.where = config.upsName() + "@" + config.host() + ":" + config.port();
  }

  /**
   * The server as a NUT error names it: {@code nut://host:port/ups}.
   *
   * @param config the source's configuration
   * @return the name
   */
  static String source(NutConfig config) {
    String host = config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host();
    return "nut://" + host + ":" + config.port() + "/" + config.upsName();
  }

  /** Opens a connection, telling {@code opened} its socket before connecting. */
  @FunctionalInterface
  interface Connector {
    NutConnection open(Consumer<Closeable> opened) throws IOException;
  }

  @FunctionalInterface
  private interface Exchange<T> {
    T run(NutConnection c) throws IOException;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public String upsName() {
    return config.upsName();
  }

  @Override
  public Optional<BatterySpec> battery() {
    return config.battery();
  }

  @Override
  public PowerReading read() {
    Map<String, String> vars = variables();
    return toReading(config.id(), vars, config.clock().instant());
  }

  /**
   * Maps NUT variables to a reading. {@code WAIT} or a missing status means the driver has no
   * data yet: stale, not zero. Runtimes of 0, -1 and 65535 mean "no estimate".
   *
   * @param id the source id
   * @param vars the variables
   * @param now the reading time
   * @return the reading
   * @throws PowerSourceException (stale) if the driver is still starting
   */
  public static PowerReading toReading(String id, Map<String, String> vars, Instant now) {
    String status = vars.getOrDefault("ups.status", "");
    Set<UpsFlag> flags = UpsFlag.parse(status);
    if (status.isBlank() || flags.contains(UpsFlag.WAIT)) {
      throw new PowerSourceException("UPS " + id + " reports no status yet (driver starting: '"
          + Checks.sanitize(status) + "'); its values are unknown", null, true, true);
    }
    PowerReading.Builder b = PowerReading.builder(id, now).flags(flags).values(vars);
    number(vars, "battery.charge").ifPresent(b::chargePercent);
    number(vars, "battery.runtime")
        .filter(s -> s != RUNTIME_SATURATED)
        .flatMap(NutWire::runtime)
        .ifPresent(b::runtime);
    Optional<Double> realPower = number(vars, "ups.realpower");
    if (realPower.isPresent()) {
      b.loadWatts(realPower.get());
    } else {
      Optional<Double> load = number(vars, "ups.load");
      Optional<Double> nominal = number(vars, "ups.realpower.nominal");
      if (load.isPresent() && nominal.isPresent()) {
        b.loadWatts(load.get() * nominal.get() / 100.0);
      }
    }
    number(vars, "battery.voltage").ifPresent(b::batteryVolts);
    String alarm = vars.get("ups.alarm");
    if (alarm != null) {
      b.alarm(alarm);
    }
    return b.build();
  }

  private static Optional<Double> number(Map<String, String> vars, String name) {
    return NutWire.optionalNumber(vars.get(name));
  }

  @Override
  public Map<String, String> listUps() {
    return exchange(c -> {
      Map<String, String> ups = new LinkedHashMap<>();
      for (List<String> w : c.list("UPS")) {
        expect(w, 3, "UPS", null, "LIST UPS");
        ups.put(w.get(1), w.get(2));
      }
      return ups;
    });
  }

  @Override
  public Map<String, String> variables() {
    String ups = config.upsName();
    return exchange(c -> {
      Map<String, String> vars = new TreeMap<>();
      for (List<String> w : c.list("VAR " + ups)) {
        expect(w, 4, "VAR", ups, "LIST VAR");
        vars.put(w.get(2), w.get(3));
      }
      return vars;
    });
  }

  @Override
  public Optional<String> variable(String name) {
    Checks.nutName("variable name", name);
    String ups = config.upsName();
    return exchange(c -> {
      String cmd = "GET VAR " + ups + " " + name;
      String line;
      try {
        line = c.command(cmd, cmd);
      } catch (NutErrorException e) {
        if (e.error() == NutError.VAR_NOT_SUPPORTED) {
          return Optional.empty();
        }
        throw e;
      }
      List<String> w = NutWire.tokenize(line);
      expect(w, 4, "VAR", ups, cmd);
      return w.get(3).isEmpty() ? Optional.empty() : Optional.of(w.get(3));
    });
  }

  @Override
  public Set<String> commands() {
    String ups = config.upsName();
    return exchange(c -> {
      Set<String> cmds = new LinkedHashSet<>();
      for (List<String> w : c.list("CMD " + ups)) {
        expect(w, 3, "CMD", ups, "LIST CMD");
        cmds.add(w.get(2));
      }
      return Set.copyOf(cmds);
    });
  }

  @Override
  public void instantCommand(String command) {
    Checks.nutName("command", command);
    ok("INSTCMD " + config.upsName() + " " + command);
  }

  @Override
  public void instantCommand(String command, String parameter) {
    Checks.nutName("command", command);
    Checks.nutArgument("parameter", parameter);
    ok("INSTCMD " + config.upsName() + " " + command + " " + NutWire.quote(parameter));
  }

  @Override
  public void setVariable(String name, String value) {
    Checks.nutName("variable name", name);
    Checks.nutArgument("value", value);
    ok("SET VAR " + config.upsName() + " " + name + " " + NutWire.quote(value));
  }

  private void ok(String cmd) {
    exchange(c -> {
      String line = c.command(cmd, cmd);
      if (!line.startsWith("OK")) {
        throw new PowerProtocolException("upsd answered '" + Checks.sanitize(line) + "' to '" + cmd + "'", null);
      }
      return line;
    });
  }

  private static void expect(List<String> words, int size, String head, @Nullable String ups, String what) {
    if (words.size() != size || !words.get(0).equals(head) || (ups != null && !words.get(1).equals(ups))) {
      throw new PowerProtocolException("upsd sent a malformed line in the answer to " + what + ": "
          + Checks.sanitize(String.join(" ", words)), null);
    }
  }

  private <T> T exchange(Exchange<T> exchange) {
    lock.lock();
    try {
      NutConnection c = connection();
      try {
        return exchange.run(c);
      } catch (NutErrorException e) {
        throw e;
      } catch (PowerProtocolException e) {
        drop();
        throw e;
      } catch (IOException e) {
        drop();
        if (closed) {
          throw new PowerSourceException("NUT source " + config.id() + " was closed during the call to upsd ("
              + where + ")", e, true, false);
        }
        failed();
        throw new PowerSourceException("lost the connection to upsd (" + where + "): " + e.getClass().getSimpleName()
            + "; values are unknown until it answers again", e, true, true);
      }
    } finally {
      lock.unlock();
    }
  }

  private NutConnection connection() {
    if (closed) {
      throw new IllegalStateException("NUT source " + config.id() + " is closed");
    }
    NutConnection c = connection;
    if (c != null) {
      return c;
    }
    Instant now = config.clock().instant();
    if (now.isBefore(nextAttempt)) {
      throw new PowerSourceException("upsd (" + where + ") is unreachable; next attempt in "
          + Duration.between(now, nextAttempt).toMillis() + " ms", null, true, true);
    }
    try {
      c = connector.open(opened -> {
        socket = opened;
        if (closed) { // close() may have looked for a socket before this one existed
          closeQuietly(opened);
        }
      });
    } catch (IOException e) {
      socket = null;
      failed();
      throw new PowerSourceException("cannot connect to upsd (" + where + "): " + e.getClass().getSimpleName()
          + "; is upsd running and listening there?", e, true, true);
    }
    try {
      authenticate(c);
    } catch (IOException e) {
      c.close();
      socket = null;
      failed();
      throw new PowerSourceException("upsd (" + where + ") dropped the connection while logging in", e, true, true);
    } catch (RuntimeException e) {
      c.close();
      socket = null;
      throw e;
    }
    if (failures > 0) {
      log.info("reconnected to upsd ({}) after {} failed attempt(s)", where, failures);
    }
    failures = 0;
    connection = c;
    return c;
  }

  private void authenticate(NutConnection c) throws IOException {
    Optional<String> user = config.username();
    Optional<String> pass = config.password();
    if (user.isPresent() && pass.isPresent()) {
      c.command("USERNAME " + NutWire.quote(user.get()), "USERNAME " + user.get());
      c.command("PASSWORD " + NutWire.quote(pass.get()), "PASSWORD ****");
      if (config.login()) {
        String login = "LOGIN " + config.upsName();
        c.command(login, login);
      }
    }
  }

  private void failed() {
    failures++;
    Duration backoff = Duration.ofNanos(reconnect.ceilingNanos(failures));
    nextAttempt = config.clock().instant().plus(backoff);
    log.debug("upsd ({}) failure {}; next attempt in {}", where, failures, backoff);
  }

  private void drop() {
    NutConnection c = connection;
    connection = null;
    socket = null;
    if (c != null) {
      c.close();
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Ends a call in progress at once (closing its socket), then logs out and closes. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (!lock.tryLock()) {
      Closeable busy = socket;
      if (busy != null) {
        closeQuietly(busy); // the blocked read or connect fails now; the call unwinds and lets go
      }
      lock.lock();
    }
    try {
      drop();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "NutSource{" + config + "}";
  }
}
