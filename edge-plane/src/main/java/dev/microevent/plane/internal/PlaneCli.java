package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.plane.EdgePlaneServer;
import dev.microevent.plane.PlaneException;
import dev.microevent.plane.PlaneKey;
import dev.microevent.plane.PlaneStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code plane} command: {@code serve} runs a plane; {@code status}, {@code config} and {@code
 * keys} talk to a running plane's admin API. Exit codes scripts can use: {@link #OK}, {@link
 * #DEGRADED} (also: documents differ), {@link #UNREACHABLE}, {@link #UNAUTHORIZED}, {@link
 * #REJECTED}, {@link #USAGE}.
 */
@Command(name = "plane", mixinStandardHelpOptions = true, version = "microevent edge plane 0.1.0",
    description = "The Microevent edge control plane.",
    subcommands = {PlaneCli.Serve.class, PlaneCli.Status.class, PlaneCli.Config.class, PlaneCli.Keys.class})
public final class PlaneCli {
  /** Success: the plane and every plane of the venue serve; documents equal. */
  public static final int OK = 0;
  /** Reachable, but a plane is degraded, draining or stale; or {@code config diff} found differences. */
  public static final int DEGRADED = 1;
  /** The plane could not be reached. */
  public static final int UNREACHABLE = 2;
  /** The admin token was refused. */
  public static final int UNAUTHORIZED = 3;
  /** The plane refused the request (e.g. an invalid document). */
  public static final int REJECTED = 4;
  /** Bad command line. */
  public static final int USAGE = 64;

  private PlaneCli() {}

  /**
   * Runs the command.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int code = run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    if (code != OK || args.length == 0 || !args[0].equals("serve")) {
      System.exit(code);
    }
  }

  /**
   * Runs the command with the given output streams (for tests).
   *
   * @param out standard output
   * @param err standard error
   * @param args the arguments
   * @return the exit code
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new PlaneCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, given) -> {
      e.getCommandLine().getErr().println("plane: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("plane: " + e.getMessage());
      return e instanceof PlaneException ? REJECTED : USAGE;
    });
    return cli.execute(args);
  }

  /** Where the admin API is and how to authenticate. */
  static final class Remote {
    @Option(names = "--url", defaultValue = "${env:PLANE_URL:-http://127.0.0.1:8080}",
        description = "The plane's address (env PLANE_URL; default ${DEFAULT-VALUE}).")
    URI url = URI.create("http://127.0.0.1:8080");

    @Option(names = "--token", defaultValue = "${env:PLANE_ADMIN_TOKEN}",
        description = "The admin token (env PLANE_ADMIN_TOKEN).")
    @Nullable String token;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
        description = "How long to wait for the plane (default ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(5);

    HttpResponse<byte[]> call(String method, String path, byte @Nullable [] body, Map<String, String> headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(timeout)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      headers.forEach(b::header);
      HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  /** Converts {@code 5s}, {@code 250ms}, {@code 2m}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      if (v.matches("[0-9]{1,6}ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.matches("[0-9]{1,6}s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.matches("[0-9]{1,6}m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      throw new CommandLine.TypeConversionException("a duration is like 250ms, 5s or 2m, got '" + value + "'");
    }
  }

  /** Maps an admin call's failure to output and an exit code. */
  abstract static class AdminCommand implements Callable<Integer> {
    @Mixin
    Remote remote = new Remote();

    @Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    PrintWriter out() {
      return spec().commandLine().getOut();
    }

    PrintWriter err() {
      return spec().commandLine().getErr();
    }

    private CommandLine.Model.CommandSpec spec() {
      CommandLine.Model.CommandSpec s = spec;
      if (s == null) {
        throw new IllegalStateException("picocli did not inject the command spec");
      }
      return s;
    }

    @Override
    public Integer call() {
      try {
        return run();
      } catch (ConnectException | java.net.http.HttpTimeoutException e) {
        err().println("plane: cannot reach " + remote.url + " (" + e.getClass().getSimpleName() + ")");
        return UNREACHABLE;
      } catch (IOException e) {
        err().println("plane: " + remote.url + " failed: " + e.getMessage());
        return UNREACHABLE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return UNREACHABLE;
      }
    }

    abstract int run() throws IOException, InterruptedException;

    /** Prints a refusal; returns its exit code. */
    int refused(HttpResponse<byte[]> r) {
      String text = new String(r.body(), StandardCharsets.UTF_8);
      err().println("plane: " + r.statusCode() + " " + text);
      return r.statusCode() == 401 || r.statusCode() == 403 ? UNAUTHORIZED
          : r.statusCode() >= 500 ? UNREACHABLE : REJECTED;
    }
  }

  /** {@code plane serve}: runs a plane until it is stopped (SIGTERM or Ctrl-C). */
  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a plane (embedded defaults without options).")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--plane-id", defaultValue = "${env:PLANE_ID:-edge-1}", description = "The plane's id (default ${DEFAULT-VALUE}).")
    String planeId = "edge-1";

    @Option(names = "--host", defaultValue = "${env:PLANE_HOST:-127.0.0.1}", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for the LAN).")
    String host = "127.0.0.1";

    @Option(names = "--port", defaultValue = "${env:PLANE_PORT:-8080}", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port = 8080;

    @Option(names = "--central", defaultValue = "${env:PLANE_CENTRAL}", description = "The central plane to forward the app's API to.")
    @Nullable URI central;

    @Option(names = "--redis", defaultValue = "${env:PLANE_REDIS}", description = "Share state with the venue's planes in this Redis (redis://host:port/db).")
    @Nullable URI redis;

    @Option(names = "--venue", defaultValue = "${env:PLANE_VENUE:-default}", description = "The venue whose planes share the Redis state (default ${DEFAULT-VALUE}).")
    String venue = "default";

    @Option(names = "--key-file", defaultValue = "${env:PLANE_KEY_FILE}", description = "The signing key file (created if missing). Without it a new key per start.")
    @Nullable Path keyFile;

    @Option(names = "--config", defaultValue = "${env:PLANE_CONFIG}", description = "The config document to serve when the venue has none yet.")
    @Nullable Path config;

    @Option(names = "--admin-token", defaultValue = "${env:PLANE_ADMIN_TOKEN}", description = "The admin API's bearer token (env PLANE_ADMIN_TOKEN; a random one is printed if missing).")
    @Nullable String adminToken;

    @Option(names = "--max-in-flight", defaultValue = "256", description = "Most requests worked on at once (default ${DEFAULT-VALUE}).")
    int maxInFlight = 256;

    @Option(names = "--max-body", defaultValue = "1048576", description = "Longest forwarded body in bytes (default ${DEFAULT-VALUE}).")
    int maxBody = 1024 * 1024;

    @Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      String token = adminToken;
      boolean generated = token == null;
      if (token == null) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        token = HexFormat.of().formatHex(random);
      }
      EdgePlaneServer.Builder b = EdgePlaneServer.builder().planeId(planeId).host(host).port(port)
          .adminToken(token).maxInFlight(maxInFlight).maxBodyBytes(maxBody);
      URI c = central;
      if (c != null) {
        b.centralUri(c);
      }
      URI r = redis;
      if (r != null) {
        b.store(PlaneStore.redis(r, venue));
      }
      Path k = keyFile;
      if (k != null) {
        b.signingKeyFile(k);
      }
      Path d = config;
      if (d != null) {
        b.configDocument(d);
      }
      EdgePlaneServer plane = b.start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        plane.close();
        stopped.countDown();
      }, "plane-shutdown"));
      PrintWriter out = spec == null ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
      out.println("plane " + plane.planeId() + " serving on " + plane.uri() + " pid " + ProcessHandle.current().pid());
      out.println("signing key " + plane.signingKeyId() + " public key (pin in clients) "
          + java.util.Base64.getEncoder().encodeToString(plane.signingPublicKey()));
      out.println(generated ? "admin token (generated; set PLANE_ADMIN_TOKEN to choose one) " + token
          : "admin API on; token from the command line or PLANE_ADMIN_TOKEN");
      out.flush();
      stopped.await();
      return OK;
    }
  }

  /** {@code plane status}: the plane, the venue's planes and the gateways. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show the plane, the venue's planes and the gateways. Exit 0 all serving, 1 degraded/draining/stale, 2 unreachable, 3 unauthorized.")
  static final class Status extends AdminCommand {
    @Option(names = "--json", description = "Print the admin API's status document.")
    boolean json;

    @Override
    int run() throws IOException, InterruptedException {
      HttpResponse<byte[]> r = remote.call("GET", "/admin/v1/status", null, Map.of());
      if (r.statusCode() != 200) {
        return refused(r);
      }
      JsonNode s = PlaneJson.read(r.body(), "the status document");
      boolean healthy = "SERVING".equals(s.path("plane").path("status").asText());
      for (JsonNode p : s.path("planes")) {
        healthy &= "SERVING".equals(p.path("status").asText());
      }
      if (json) {
        out().println(new String(r.body(), StandardCharsets.UTF_8));
        return healthy ? OK : DEGRADED;
      }
      JsonNode plane = s.path("plane");
      JsonNode config = s.path("config");
      out().printf("plane    %s  %s  load %.2f  key %s  store %s%n", plane.path("planeId").asText(),
          plane.path("status").asText(), plane.path("load").asDouble(), plane.path("keyId").asText(),
          plane.path("store").asText());
      out().printf("config   %s  sequence %d  etag %s%n", config.path("version").asText("-"),
          config.path("sequence").asLong(), config.path("etag").asText("-"));
      out().println("planes:");
      for (JsonNode p : s.path("planes")) {
        out().printf("  %-16s %-9s seq %-5d %s  last seen %s%n", p.path("planeId").asText(), p.path("status").asText(),
            p.path("configSequence").asLong(), p.path("uri").asText(), p.path("lastSeen").asText());
      }
      out().println("gateways: " + s.path("gateways").size());
      for (JsonNode g : s.path("gateways")) {
        out().printf("  %-24s %-13s via %-12s last seen %s%s%n", g.path("instanceId").asText(), g.path("mode").asText(),
            g.path("planeId").asText(), g.path("lastSeen").asText(),
            g.hasNonNull("lastError") ? "  last error: " + g.path("lastError").asText() : "");
      }
      return healthy ? OK : DEGRADED;
    }
  }

  /** {@code plane config show|push|diff}. */
  @Command(name = "config", mixinStandardHelpOptions = true, description = "Read, push or compare the config document.",
      subcommands = {ConfigShow.class, ConfigPush.class, ConfigDiff.class})
  static final class Config implements Callable<Integer> {
    @Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public Integer call() {
      if (spec != null) {
        spec.commandLine().usage(spec.commandLine().getErr());
      }
      return USAGE;
    }
  }

  /** {@code plane config show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the document the plane serves, with its signature.")
  static final class ConfigShow extends AdminCommand {
    @Override
    int run() throws IOException, InterruptedException {
      HttpResponse<byte[]> r = remote.call("GET", "/admin/v1/config", null, Map.of());
      if (r.statusCode() != 200) {
        return refused(r);
      }
      err().println("etag " + r.headers().firstValue("ETag").orElse("-"));
      err().println("signature " + r.headers().firstValue(SignedDocument.HEADER).orElse("-"));
      out().println(new String(r.body(), StandardCharsets.UTF_8));
      return OK;
    }
  }

  /** {@code plane config push FILE}. */
  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Validate, sign and publish a document to the venue's planes. Exit 4 if rejected.")
  static final class ConfigPush extends AdminCommand {
    @Parameters(index = "0", description = "The document's file.")
    Path file = Path.of("config.json");

    @Option(names = "--if-match", description = "Publish only if the plane still serves this ETag.")
    @Nullable String ifMatch;

    @Override
    int run() throws IOException, InterruptedException {
      byte[] body = Files.readAllBytes(file);
      String m = ifMatch;
      HttpResponse<byte[]> r = remote.call("PUT", "/admin/v1/config", body, m == null ? Map.of() : Map.of("If-Match", m));
      if (r.statusCode() != 200) {
        JsonNode problem;
        try {
          problem = PlaneJson.read(r.body(), "the answer");
        } catch (Problem e) {
          return refused(r);
        }
        err().println("plane: rejected (" + r.statusCode() + " " + problem.path("error").asText() + "): "
            + problem.path("message").asText());
        problem.path("problems").forEach(p -> err().println("  " + p.asText()));
        return r.statusCode() == 401 ? UNAUTHORIZED : REJECTED;
      }
      JsonNode result = PlaneJson.read(r.body(), "the answer");
      out().println("published " + result.path("version").asText() + " as sequence " + result.path("sequence").asLong()
          + " etag " + result.path("etag").asText() + " signed by " + result.path("keyId").asText());
      return OK;
    }
  }

  /** {@code plane config diff FILE}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Compare a document with the one the plane serves. Exit 0 same, 1 different.")
  static final class ConfigDiff extends AdminCommand {
    @Parameters(index = "0", description = "The document's file.")
    Path file = Path.of("config.json");

    @Override
    int run() throws IOException, InterruptedException {
      JsonNode local = PlaneJson.read(Files.readAllBytes(file), file.toString());
      HttpResponse<byte[]> r = remote.call("GET", "/admin/v1/config", null, Map.of());
      if (r.statusCode() != 200) {
        return refused(r);
      }
      JsonNode served = PlaneJson.read(r.body(), "the served document");
      List<String> lines = new ArrayList<>();
      diff("", served, local, lines);
      lines.forEach(out()::println);
      return lines.isEmpty() ? OK : DEGRADED;
    }
  }

  /** Lists the differences between two JSON trees as {@code - path: old} / {@code + path: new}. */
  static void diff(String path, @Nullable JsonNode a, @Nullable JsonNode b, List<String> out) {
    if (a != null && b != null && a.equals(b)) {
      return;
    }
    if (a != null && b != null && a.isObject() && b.isObject()) {
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        diff(path + "/" + n, a.get(n), b.get(n), out);
      }
      return;
    }
    if (a != null) {
      out.add("- " + (path.isEmpty() ? "/" : path) + ": " + a);
    }
    if (b != null) {
      out.add("+ " + (path.isEmpty() ? "/" : path) + ": " + b);
    }
  }

  /** {@code plane keys new|rotate}. */
  @Command(name = "keys", mixinStandardHelpOptions = true, description = "Signing keys.",
      subcommands = {KeysNew.class, KeysRotate.class})
  static final class Keys implements Callable<Integer> {
    @Override
    public Integer call() {
      return USAGE;
    }
  }

  /** {@code plane keys new FILE}. */
  @Command(name = "new", mixinStandardHelpOptions = true, description = "Write a new signing key file and print its public key.")
  static final class KeysNew implements Callable<Integer> {
    @Parameters(index = "0", description = "The key file to write (must not exist).")
    Path file = Path.of("plane.key");

    @Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public Integer call() {
      if (Files.exists(file)) {
        throw new PlaneException(file + " exists; choose another file", null);
      }
      PlaneKey key = PlaneKey.generate();
      key.write(file);
      if (spec != null) {
        spec.commandLine().getOut().println(key.keyId() + " " + key.publicKeyBase64());
      }
      return OK;
    }
  }

  /** {@code plane keys rotate}. */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Hand the venue's signing key over to a new one (the plane writes it to its key file).")
  static final class KeysRotate extends AdminCommand {
    @Override
    int run() throws IOException, InterruptedException {
      HttpResponse<byte[]> r = remote.call("POST", "/admin/v1/keys/rotate", new byte[0], Map.of());
      if (r.statusCode() != 200) {
        return refused(r);
      }
      JsonNode result = PlaneJson.read(r.body(), "the answer");
      out().println("handed over from " + result.path("from").asText() + " to " + result.path("to").asText()
          + " public key " + result.path("publicKey").asText());
      return OK;
    }
  }

}
