package dev.microevent.plane;

import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.time.Ticker;
import dev.microevent.plane.internal.Alerts;
import dev.microevent.plane.internal.BodyRateLimit;
import dev.microevent.plane.internal.Forwarder;
import dev.microevent.plane.internal.PlaneHandler;
import dev.microevent.plane.internal.PlaneSections;
import dev.microevent.plane.internal.PlaneService;
import dev.microevent.plane.internal.Playbook;
import dev.microevent.plane.internal.PlaybookRunner;
import dev.microevent.plane.internal.Problem;
import dev.microevent.plane.internal.RunLeases;
import dev.microevent.plane.internal.Signer;
import dev.microevent.plane.internal.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge control plane: it serves the edge-plane API ({@code docs/edge-plane-api.yaml}:
 * heartbeats from many gateways, the signed config document with ETags, decisions answered by the
 * document's small models, the key chain), the admin API ({@code docs/edge-plane-admin-api.yaml})
 * behind a bearer token, and forwards every other request to the central plane through the SDK's
 * own {@link MicroEventClient}.
 *
 * <pre>{@code
 * try (EdgePlaneServer plane = EdgePlaneServer.builder()
 *     .port(8080)
 *     .centralUri(URI.create("https://api.example.com"))
 *     .store(PlaneStore.redis(URI.create("redis://10.0.0.5:6379/0"), "rooftop"))
 *     .signingKey(PlaneKey.read(Path.of("/etc/microevent/plane.key")))
 *     .adminToken(System.getenv("PLANE_ADMIN_TOKEN"))
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops it; state in Redis stays for the venue's other planes.
 */
public final class EdgePlaneServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgePlaneServer.class);
  private static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
  private static final int MAX_CONNECTIONS = 4096;
  private static final Pattern PLANE_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private final Server jetty;
  private final PlaneService service;
  private final StateStore store;
  private final @Nullable MicroEventClient central;
  private final List<ExecutorService> threads;
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EdgePlaneServer(Server jetty, PlaneService service, StateStore store, @Nullable MicroEventClient central,
      List<ExecutorService> threads, URI uri) {
    this.jetty = jetty;
    this.service = service;
    this.store = store;
    this.central = central;
    this.threads = threads;
    this.uri = uri;
  }

  /**
   * A builder with embedded defaults: port 8080 on loopback, state in memory, a new signing key,
   * the embedded config document, no central plane, no admin API.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return where the plane listens, e.g. {@code http://127.0.0.1:8080}} */
  public URI uri() {
    return uri;
  }

  /** {@return the plane's id} */
  public String planeId() {
    return service.planeId();
  }

  /**
   * The id of the key the plane signs with now (it changes when the key is rotated).
   *
   * @return 16 hex digits
   */
  public String signingKeyId() {
    return service.signer().keyId();
  }

  /**
   * The public key the plane signs with now, to pin in clients.
   *
   * @return a copy of the raw 32 bytes
   */
  public byte[] signingPublicKey() {
    return service.signer().publicKey();
  }

  /**
   * Asks clients to go elsewhere: heartbeats answer {@code DRAINING}, so clients stop sending new
   * calls within one health-check interval; requests still arriving are served.
   */
  public void drain() {
    service.drain();
  }

  /** Stops listening and releases threads, connections and the state store connection. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    service.drain();
    threads.forEach(ExecutorService::shutdownNow);
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("plane {} did not stop cleanly: {}", service.planeId(), e.toString());
    }
    if (central != null) {
      central.close();
    }
    store.close();
  }

  /** Builds and starts an {@link EdgePlaneServer}. Not thread-safe. */
  public static final class Builder {
    private String planeId = "edge-1";
    private String host = "127.0.0.1";
    private int port = 8080;
    private @Nullable URI centralUri;
    private PlaneStore store = PlaneStore.inMemory();
    private @Nullable PlaneKey key;
    private @Nullable Path keyFile;
    private byte @Nullable [] config;
    private @Nullable String adminToken;
    private int maxInFlight = 256;
    private int maxBodyBytes = 1024 * 1024;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private @Nullable Path playbooks;
    private dev.microevent.plane.telemetry.@Nullable TelemetryCollector telemetry;

    private Builder() {}

    /**
     * An edge collector: the plane then takes OTLP/JSON at {@code /telemetry/v1/traces} and {@code
     * /telemetry/v1/metrics}, answers link probes at {@code /telemetry/v1/probe}, and records the
     * calls it forwards as spans ({@code docs/telemetry.md}). Default none. The app owns the
     * collector: closing the plane does not close it.
     *
     * @param collector the collector
     * @return this builder
     */
    public Builder telemetry(dev.microevent.plane.telemetry.TelemetryCollector collector) {
      this.telemetry = Objects.requireNonNull(collector, "collector");
      return this;
    }

    /**
     * The plane's id, in heartbeats, status and logs; default {@code edge-1}.
     *
     * @param id a token as {@link Plane} ids are ({@code [a-z0-9][a-z0-9_.-]{0,31}})
     * @return this builder
     */
    public Builder planeId(String id) {
      Objects.requireNonNull(id, "id");
      if (!PLANE_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("plane id must match " + PLANE_ID.pattern() + ", got '" + id + "'");
      }
      this.planeId = id;
      return this;
    }

    /**
     * The address to listen on; default {@code 127.0.0.1}. Use {@code 0.0.0.0} to serve the venue's LAN.
     *
     * @param host an address or host name
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The port; default 8080; 0 picks a free one ({@link EdgePlaneServer#uri()} tells which).
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The central plane the app's API is forwarded to; default none (the plane then serves only
     * the edge-plane and admin APIs and answers 404 to everything else).
     *
     * @param uri an absolute http(s) URI
     * @return this builder
     */
    public Builder centralUri(URI uri) {
      Plane.central(Objects.requireNonNull(uri, "uri"));
      this.centralUri = uri;
      return this;
    }

    /**
     * Where state is kept; default {@link PlaneStore#inMemory()}.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(PlaneStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The signing key; default a new one per start (clients cannot pin it across restarts: give a
     * key or a key file in production). A rotation then lives only in this process.
     *
     * @param key the key
     * @return this builder
     */
    public Builder signingKey(PlaneKey key) {
      this.key = Objects.requireNonNull(key, "key");
      this.keyFile = null;
      return this;
    }

    /**
     * The signing key's file: read, or created with a new key if missing; a rotation writes the
     * new key there (the old one is kept beside it as {@code <file>.retired-<kid>}).
     *
     * @param file the key file
     * @return this builder
     */
    public Builder signingKeyFile(Path file) {
      this.keyFile = Objects.requireNonNull(file, "file");
      this.key = null;
      return this;
    }

    /**
     * The config document to serve when the venue's store has none yet; default the embedded one.
     *
     * @param json the document
     * @return this builder
     */
    public Builder configDocument(String json) {
      this.config = Objects.requireNonNull(json, "json").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return this;
    }

    /**
     * The config document to serve when the venue's store has none yet, from a file.
     *
     * @param file the document's file
     * @return this builder
     * @throws PlaneException if the file cannot be read
     */
    public Builder configDocument(Path file) {
      try {
        this.config = Files.readAllBytes(Objects.requireNonNull(file, "file"));
      } catch (IOException e) {
        throw new PlaneException("cannot read the config document " + file + " (" + e.getClass().getSimpleName() + ")", e);
      }
      return this;
    }

    /**
     * The admin API's bearer token; default none, which turns the admin API off.
     *
     * @param token at least 16 characters
     * @return this builder
     */
    public Builder adminToken(String token) {
      Objects.requireNonNull(token, "token");
      if (token.length() < 16 || !token.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw new IllegalArgumentException("the admin token must be at least 16 printable ASCII characters");
      }
      this.adminToken = token;
      return this;
    }

    /**
     * Most requests the plane works on at once; more are refused at once with 503 and {@code
     * Retry-After: 1} (explicit backpressure). Default 256.
     *
     * @param requests at least 1
     * @return this builder
     */
    public Builder maxInFlight(int requests) {
      if (requests < 1 || requests > 10_000) {
        throw new IllegalArgumentException("maxInFlight must be within 1..10000, got " + requests);
      }
      this.maxInFlight = requests;
      return this;
    }

    /**
     * Longest app request body forwarded; longer ones get 413 before they are read. Default 1 MiB.
     *
     * @param bytes at least 1
     * @return this builder
     */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 1, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * How long a connection may stay silent (mid-request or between requests) before the plane
     * closes it; default 30 s. Bounds what slow clients hold.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive, got " + timeout);
      }
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * A directory of playbooks ({@code *.yaml}, see {@code docs/edge-plane.md}) the plane offers
     * besides its presets {@code live-commerce} and {@code sports-microhub}; a file's playbook
     * replaces a preset of the same name. Default none: the presets only.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder playbooksDirectory(Path dir) {
      this.playbooks = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The clock for timestamps; default system UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts the plane.
     *
     * @return the running plane; close it when done
     * @throws PlaneException if it cannot listen, reach its store, read its key, or if the config
     *     document is invalid
     */
    public EdgePlaneServer start() {
      PlaneKey signing = keyFile != null ? PlaneKey.readOrCreate(keyFile) : key != null ? key : PlaneKey.generate();
      Path file = keyFile;
      Consumer<Signer> saver = s -> {
        if (file != null) {
          try {
            Files.copy(file, file.resolveSibling(file.getFileName() + ".retired-" + PlaneKey.read(file).keyId()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          } catch (IOException e) {
            throw new PlaneException("cannot keep the retired key beside " + file, e);
          }
          PlaneKey.of(s.privateKey(), s.publicKey()).write(file);
        }
      };
      byte[] initial = config != null ? config : embeddedConfig();
      QueuedThreadPool threads = new QueuedThreadPool(maxInFlight + 32, 8);
      threads.setName("plane-" + planeId);
      threads.setDaemon(true);
      Server jetty = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setIdleTimeout(idleTimeout.toMillis());
      ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(idleTimeout.toMillis());
      jetty.addConnector(connector);
      // Bounds what idle or slow connections can hold: at most this many, each closed after idleTimeout.
      jetty.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
      StateStore state = null;
      MicroEventClient client = null;
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("plane-" + planeId + "-ticker"));
      ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(daemon("plane-" + planeId + "-checks"));
      ExecutorService runbooks = Executors.newSingleThreadExecutor(daemon("plane-" + planeId + "-runbooks"));
      List<ExecutorService> owned = List.of(ticker, checks, runbooks);
      try {
        List<Playbook> known = Playbook.load(playbooks);
        connector.open();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
        state = store.open();
        Forwarder forwarder = null;
        if (centralUri != null) {
          MicroEventClient.Builder cb = MicroEventClient.builder()
              .centralPlane(Plane.central(centralUri))
              .instanceId("plane-" + planeId)
              .healthChecksEnabled(false)
              .configSyncInterval(Duration.ZERO)
              // As many idle connections to central as requests in flight: a burst that finishes
              // together keeps its connections for the next one instead of reconnecting.
              .connectionPool(maxInFlight, Duration.ofMinutes(5))
              .clock(clock);
          // The venue's SLOs judge the traffic the plane forwards: their burn-rate alerts start runbooks.
          byte[] slos = state.document(dev.microevent.plane.internal.SignedDocument.CONFIG)
              .map(dev.microevent.plane.internal.SignedDocument::body).orElse(initial);
          for (Map.Entry<Intent, Slo> e : PlaneSections.slos(slos).entrySet()) {
            cb.slo(e.getKey(), e.getValue());
          }
          if (telemetry != null) {
            cb.addCallListener(telemetry.callListener());
          }
          client = cb.build();
          forwarder = new Forwarder(client, state, planeId, clock);
        }
        Signer signer = Signer.of(signing.privateKey(), signing.publicKey());
        PlaneService service = new PlaneService(planeId, uri.toString(), state, signer, saver, clock, maxInFlight,
            forwarder, centralUri == null ? null : centralUri.toString());
        service.bootstrap(initial);
        // A real server: leases, and playbook steps, are timed on the system's monotonic clock.
        RunLeases leases = new RunLeases(state, planeId, clock, Ticker.system());
        Alerts alerts = new Alerts(client == null ? null : client.errorBudgets(), runbooks, state, leases);
        PlaybookRunner runner = new PlaybookRunner(service, state, leases, clock, Ticker.system(), checks, alerts::level,
            known);
        alerts.runner(runner);
        // A client that drips its body slower than 1 KiB/s is cut off (408), so it holds no buffer for long.
        org.eclipse.jetty.server.Handler routes = new PlaneHandler(service, runner, alerts, threads, adminToken, maxBodyBytes);
        if (telemetry != null) {
          routes = new dev.microevent.plane.telemetry.internal.TelemetryRoutes(telemetry, routes);
        }
        jetty.setHandler(new BodyRateLimit(routes, MIN_REQUEST_BYTES_PER_SECOND));
        jetty.start();
        var unused = ticker.scheduleWithFixedDelay(() -> {
          service.refresh();
          alerts.tick();
        }, 1, 1, TimeUnit.SECONDS);
        log.info("edge plane {} listening on {} (state: {}, key {}, playbooks {})", planeId, uri, state.describe(),
            signer.keyId(), known.stream().map(Playbook::name).toList());
        return new EdgePlaneServer(jetty, service, state, client, owned, uri);
      } catch (Problem e) {
        cleanUp(jetty, state, client, owned);
        throw new PlaneException(e.getMessage() + (e.problems().isEmpty() ? "" : " " + e.problems()), e);
      } catch (PlaneException e) {
        cleanUp(jetty, state, client, owned);
        throw e;
      } catch (Exception e) {
        cleanUp(jetty, state, client, owned);
        throw new PlaneException("the plane cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
      }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
      return r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      };
    }

    private static void cleanUp(Server jetty, @Nullable StateStore state, @Nullable MicroEventClient client,
        List<ExecutorService> owned) {
      owned.forEach(ExecutorService::shutdownNow);
      try {
        jetty.stop();
      } catch (Exception e) {
        log.debug("stopping a plane that failed to start: {}", e.toString());
      }
      if (client != null) {
        client.close();
      }
      if (state != null) {
        state.close();
      }
    }

    private static byte[] embeddedConfig() {
      try (InputStream in = Objects.requireNonNull(
          PlaneService.class.getResourceAsStream("default-config.json"), "the embedded config document")) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new PlaneException("cannot read the embedded config document", e);
      }
    }
  }
}
