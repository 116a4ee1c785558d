package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.EdgePlaneServer;
import dev.microevent.plane.PlaneCommand;
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
 * keys}, {@code playbook}, {@code alerts} and {@code runbook} talk to a running plane's admin API.
 * Exit codes scripts can use: {@link #OK}, {@link #DEGRADED} (also: documents differ, an alert is
 * raised or a runbook awaits confirmation), {@link #UNREACHABLE}, {@link #UNAUTHORIZED}, {@link #REJECTED}, {@link #STEP_FAILED},
 * {@link #USAGE}.
 */
@Command(name = "plane", mixinStandardHelpOptions = true, version = "microevent edge plane 0.1.0",
    description = "The Microevent edge control plane.",
    subcommands = {PlaneCli.Serve.class, PlaneCli.Status.class, PlaneCli.Config.class, PlaneCli.Keys.class,
        PlaneCli.Tickets.class,
        PlaneCli.Playbooks.class, PlaneCli.AlertsCommand.class, PlaneCli.Runbook.class,
        dev.microevent.plane.telemetry.internal.TelemetryCommand.class})
public final class PlaneCli {
  /** Success: the plane and every plane of the venue serve; documents equal. */
  public static final int OK = PlaneCommand.OK;
  /** Reachable, but a plane is degraded, draining or stale; or {@code config diff} found differences. */
  public static final int DEGRADED = PlaneCommand.DEGRADED;
  /** The plane could not be reached. */
  public static final int UNREACHABLE = PlaneCommand.UNREACHABLE;
  /** The admin token was refused. */
  public static final int UNAUTHORIZED = PlaneCommand.UNAUTHORIZED;
  /** The plane refused the request (e.g. an invalid document). */
  public static final int REJECTED = PlaneCommand.REJECTED;
  /** A playbook step failed its check and the run was rolled back (or could not be). */
  public static final int STEP_FAILED = PlaneCommand.STEP_FAILED;
  /** Bad command line. */
  public static final int USAGE = PlaneCommand.USAGE;

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
      return call(method, path, body, headers, timeout);
    }

    HttpResponse<byte[]> call(String method, String path, byte @Nullable [] body, Map<String, String> headers,
        Duration wait) throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(wait)
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

    /** Prints a refusal's Problem with every problem it names; returns its exit code. */
    int problem(HttpResponse<byte[]> r) {
      JsonNode p;
      try {
        p = PlaneJson.read(r.body(), "the answer");
      } catch (Problem e) {
        return refused(r);
      }
      err().println("plane: refused (" + r.statusCode() + " " + p.path("error").asText() + "): "
          + p.path("message").asText());
      p.path("problems").forEach(x -> err().println("  " + x.asText()));
      return r.statusCode() == 401 ? UNAUTHORIZED : r.statusCode() >= 500 ? UNREACHABLE : REJECTED;
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

    @Option(names = "--playbooks", defaultValue = "${env:PLANE_PLAYBOOKS}",
        description = "A directory of playbooks (*.yaml) offered besides the presets.")
    @Nullable Path playbooks;

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
      Path p = playbooks;
      if (p != null) {
        b.playbooksDirectory(p);
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
  static final class ConfigPush extends ReadCommand {
    @Parameters(index = "0", description = "The document's file.")
    Path file = Path.of("config.json");

    @Option(names = "--if-match", description = "Publish only if the plane still serves this ETag.")
    @Nullable String ifMatch;

    @Override
    int run() throws IOException, InterruptedException {
      String m = ifMatch;
      return published(remote.call("PUT", "/admin/v1/config", Files.readAllBytes(file),
          m == null ? Map.of() : Map.of("If-Match", m)),
          doc -> "published " + doc.path("version").asText() + " as sequence " + doc.path("sequence").asLong());
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

  /** Prints an admin answer as JSON or, via {@code human}, as text. */
  abstract static class ReadCommand extends AdminCommand {
    @Option(names = "--json", description = "Print the admin API's JSON answer.")
    boolean json;

    /** Prints the answer; returns the exit code. */
    int show(HttpResponse<byte[]> r, java.util.function.ToIntFunction<JsonNode> human) {
      if (r.statusCode() != 200) {
        return problem(r);
      }
      JsonNode doc = PlaneJson.read(r.body(), "the answer");
      if (json) {
        out().println(new String(r.body(), StandardCharsets.UTF_8));
        return exitCode(doc);
      }
      return human.applyAsInt(doc);
    }

    /**
     * Prints what a publication published (config push, ticket keys, revocations): the plane's
     * account of it, then the ETag and signing key of what it signed.
     */
    int published(HttpResponse<byte[]> r, java.util.function.Function<JsonNode, String> what) {
      return show(r, doc -> {
        out().println(what.apply(doc)
            + (doc.has("etag") ? " etag " + doc.path("etag").asText() + " signed by " + doc.path("keyId").asText() : ""));
        return OK;
      });
    }

    /** The exit code of an answer, whichever way it is printed. */
    int exitCode(JsonNode doc) {
      return OK;
    }

    @Override
    int problem(HttpResponse<byte[]> r) {
      if (json) {
        out().println(new String(r.body(), StandardCharsets.UTF_8));
      }
      return super.problem(r);
    }
  }

  /** {@code plane tickets keys-push|revoke}. */
  @Command(name = "tickets", mixinStandardHelpOptions = true,
      description = "Publish an event's ticket keys; revoke its tickets.",
      subcommands = {TicketsKeysPush.class, TicketsRevoke.class})
  static final class Tickets implements Callable<Integer> {
    @Override
    public Integer call() {
      return USAGE;
    }
  }

  /** Prints what a ticket publication published. */
  abstract static class TicketCommand extends ReadCommand {
    @Parameters(index = "0", description = "The event id.")
    String event = "";

    /** Whether the event id can be sent in a path; prints why not. */
    boolean eventOk() {
      if (event.matches("[A-Za-z0-9._-]{1,64}")) {
        return true;
      }
      err().println("plane: an event id is 1 to 64 characters of A-Z a-z 0-9 . _ -");
      return false;
    }

    int published(HttpResponse<byte[]> r, String what) {
      return published(r, doc -> what + " for " + doc.path("event").asText() + " at version "
          + doc.path("version").asLong());
    }
  }

  /** {@code plane tickets keys-push EVENT FILE}. */
  @Command(name = "keys-push", mixinStandardHelpOptions = true,
      description = "Validate, sign and publish an event's ticket key list (JSON with 'keys'). Exit 4 if rejected.")
  static final class TicketsKeysPush extends TicketCommand {
    @Parameters(index = "1", description = "The key list's file.")
    Path file = Path.of("keys.json");

    @Override
    int run() throws IOException, InterruptedException {
      if (!eventOk()) {
        return USAGE;
      }
      return published(remote.call("PUT", "/admin/v1/tickets/" + event + "/keys", Files.readAllBytes(file), Map.of()),
          "published ticket keys");
    }
  }

  /** {@code plane tickets revoke EVENT TICKET...}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke tickets for good (or --block them for now, --unblock them). Exit 4 if refused.")
  static final class TicketsRevoke extends TicketCommand {
    @Parameters(index = "1..*", arity = "1..*", description = "The ticket ids.")
    List<String> tickets = new ArrayList<>();

    @Option(names = "--block", description = "Block them (can be lifted) instead of revoking.")
    boolean block;

    @Option(names = "--unblock", description = "Lift their block (never unrevokes).")
    boolean unblock;

    @Override
    int run() throws IOException, InterruptedException {
      if (!eventOk()) {
        return USAGE;
      }
      if (block && unblock) {
        err().println("plane: --block and --unblock exclude each other");
        return USAGE;
      }
      String member = block ? "block" : unblock ? "unblock" : "revoke";
      ObjectNode change = PlaneJson.MAPPER.createObjectNode();
      tickets.forEach(change.putArray(member)::add);
      return published(remote.call("POST", "/admin/v1/tickets/" + event + "/revocations", PlaneJson.write(change),
          Map.of()), block ? "blocked tickets" : unblock ? "unblocked tickets" : "revoked tickets");
    }
  }

  /** {@code plane playbook list|plan|run|rollback}. */
  @Command(name = "playbook", mixinStandardHelpOptions = true, description = "List, plan, run or roll back playbooks.",
      subcommands = {PlaybookList.class, PlaybookPlan.class, PlaybookRun.class, PlaybookRollback.class})
  static final class Playbooks implements Callable<Integer> {
    @Override
    public Integer call() {
      return USAGE;
    }
  }

  /** {@code plane playbook list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "The playbooks the plane offers (presets and files).")
  static final class PlaybookList extends ReadCommand {
    @Override
    int run() throws IOException, InterruptedException {
      return show(remote.call("GET", "/admin/v1/playbooks", null, Map.of()), doc -> {
        for (JsonNode p : doc.path("playbooks")) {
          List<String> triggers = new ArrayList<>();
          p.path("triggers").forEach(t -> triggers.add(t.path("budget").asText() + ">=" + t.path("severity").asText()
              + (t.path("confirm").asBoolean() ? " (confirm)" : "")));
          out().printf("%-20s %2d steps  %-8s triggers %s%n    %s%n", p.path("name").asText(), p.path("steps").size(),
              p.path("source").asText().equals("preset") ? "preset" : "file", triggers.isEmpty() ? "-" : triggers,
              p.path("description").asText());
        }
        return OK;
      });
    }
  }

  /** {@code plane playbook plan NAME}. */
  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = "What a run would change in the document served now; publishes nothing. Exit 4 if a step would be invalid.")
  static final class PlaybookPlan extends ReadCommand {
    @Parameters(index = "0", description = "The playbook.")
    String name = "";

    @Override
    int run() throws IOException, InterruptedException {
      return show(remote.call("GET", "/admin/v1/playbooks/" + name + "/plan", null, Map.of()), doc -> {
        out().println("plan " + doc.path("playbook").asText() + " on version " + doc.path("basedOnVersion").asText()
            + " (sequence " + doc.path("basedOnSequence").asLong() + ")");
        int i = 1;
        for (JsonNode s : doc.path("steps")) {
          out().printf("%2d %-24s check: %s%n", i++, s.path("name").asText(), s.path("check").asText());
          printChanges(s.path("changes"), out());
        }
        return OK;
      });
    }
  }

  /** Runs something that changes the document and prints the run's record. */
  abstract static class RunCommand extends ReadCommand {
    @Option(names = "--as", defaultValue = "${env:USER:-operator}",
        description = "Who runs it, for the runbook history (default $USER).")
    String who = "operator";

    @Option(names = "--wait", defaultValue = "5m", converter = DurationConverter.class,
        description = "How long to wait for the run's checks (default ${DEFAULT-VALUE}).")
    Duration wait = Duration.ofMinutes(5);

    @Override
    int exitCode(JsonNode doc) {
      return "APPLIED".equals(doc.path("result").asText()) ? OK : STEP_FAILED;
    }

    int printRun(JsonNode run) {
      out().println(run.path("kind").asText() + " " + run.path("id").asText() + " " + run.path("playbook").asText()
          + " by " + run.path("who").asText() + ": " + run.path("result").asText() + " (sequence "
          + run.path("sequenceBefore").asLong() + " -> " + run.path("sequenceAfter").asLong() + ")");
      int i = 1;
      for (JsonNode s : run.path("steps")) {
        JsonNode c = s.path("check");
        out().printf("%2d %-24s %-6s %5d ms  %s%n", i++, s.path("name").asText(),
            c.path("passed").asBoolean() ? "ok" : "FAILED", s.path("tookMs").asLong(), c.path("detail").asText());
        printChanges(s.path("changes"), out());
      }
      if (run.has("error")) {
        out().println("error: " + run.path("error").asText());
      }
      if (run.has("rollback")) {
        out().println("rolled back as sequence " + run.path("rollback").path("sequence").asLong());
        printChanges(run.path("rollback").path("changes"), out());
      }
      return exitCode(run);
    }

    Map<String, String> operator() {
      return Map.of(PlaneHandler.OPERATOR, who);
    }
  }

  /** {@code plane playbook run NAME}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run a playbook now. Exit 0 applied, 5 a step failed and the run was rolled back, 4 refused.")
  static final class PlaybookRun extends RunCommand {
    @Parameters(index = "0", description = "The playbook.")
    String name = "";

    @Override
    int run() throws IOException, InterruptedException {
      return show(remote.call("POST", "/admin/v1/playbooks/" + name + "/runs", new byte[0], operator(), wait), this::printRun);
    }
  }

  /** {@code plane playbook rollback RUN}. */
  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Undo what an applied or abandoned run changed. Exit 0 done, 4 refused (e.g. members changed since).")
  static final class PlaybookRollback extends RunCommand {
    @Parameters(index = "0", description = "The run's id (see 'plane runbook history').")
    String id = "";

    @Override
    int run() throws IOException, InterruptedException {
      return show(remote.call("POST", "/admin/v1/runs/" + id + "/rollback", new byte[0], operator(), wait), this::printRun);
    }
  }

  /** Prints {@code path: before -> after} lines. */
  static void printChanges(JsonNode changes, PrintWriter out) {
    for (JsonNode c : changes) {
      out.printf("     %s: %s -> %s%n", c.path("path").asText(), c.has("before") ? c.get("before") : "(absent)",
          c.has("after") ? c.get("after") : "(absent)");
    }
  }

  /** {@code plane alerts}. */
  @Command(name = "alerts", mixinStandardHelpOptions = true,
      description = "This plane's error budget levels and the venue's recent burn-rate alerts, with what became of the "
          + "runbooks they triggered. Exit 0 all calm, 1 an alert is raised or a runbook awaits confirmation.",
      subcommands = {AlertsConfirm.class})
  static final class AlertsCommand extends ReadCommand {
    @Override
    int exitCode(JsonNode doc) {
      for (JsonNode level : doc.path("levels")) {
        if (!"NONE".equals(level.asText())) {
          return DEGRADED;
        }
      }
      return doc.path("recent").findValuesAsText("state").contains("AWAITING_CONFIRMATION") ? DEGRADED : OK;
    }

    @Override
    int run() throws IOException, InterruptedException {
      return show(remote.call("GET", "/admin/v1/alerts", null, Map.of()), doc -> {
        out().println("budgets (this plane):");
        doc.path("levels").properties().forEach(e -> out().printf("  %-16s %s%n", e.getKey(), e.getValue().asText()));
        out().println("recent alerts (the venue's planes):");
        for (JsonNode a : doc.path("recent")) {
          out().printf("  %s  %s %-10s %-12s %s -> %s  burn 1h %.1f 6h %.1f%n", a.path("at").asText(), a.path("id").asText(),
              a.path("plane").asText(), a.path("budget").asText(), a.path("from").asText(), a.path("to").asText(),
              a.path("burnRate1h").asDouble(), a.path("burnRate6h").asDouble());
          for (JsonNode t : a.path("triggered")) {
            out().printf("      %-20s %-21s %s%n", t.path("playbook").asText(), t.path("state").asText(), outcome(a, t));
          }
        }
        return exitCode(doc);
      });
    }

    private static String outcome(JsonNode alert, JsonNode t) {
      JsonNode run = t.path("run");
      String ran = run.isMissingNode() ? "" : "run " + run.path("id").asText() + " " + run.path("result").asText()
          + " by " + run.path("who").asText();
      return switch (t.path("state").asText()) {
        case "AWAITING_CONFIRMATION" -> "confirm with: plane alerts confirm " + alert.path("id").asText() + " "
            + t.path("playbook").asText();
        case "DUPLICATE" -> "started by " + t.path("claimedBy").path("plane").asText("another plane") + "'s alert "
            + t.path("claimedBy").path("alert").asText("?") + (ran.isEmpty() ? "" : "; " + ran);
        case "NOT_STARTED" -> t.path("reason").asText();
        case "ABANDONED" -> t.path("reason").asText() + (ran.isEmpty() ? "" : "; " + ran);
        default -> ran;
      };
    }
  }

  /** {@code plane alerts confirm ALERT PLAYBOOK}. */
  @Command(name = "confirm", mixinStandardHelpOptions = true,
      description = "Confirm the runbook an alert awaits (on any plane of the venue); it runs now, once. Exit 0 applied, "
          + "5 a step failed and the run was rolled back, 4 refused (e.g. confirmed already).")
  static final class AlertsConfirm extends RunCommand {
    @Parameters(index = "0", description = "The alert's id (see 'plane alerts').")
    String alert = "";

    @Parameters(index = "1", description = "The playbook it awaits.")
    String playbook = "";

    @Override
    int run() throws IOException, InterruptedException {
      if (!Alerts.ID.matcher(alert).matches() || !Playbook.NAME.matcher(playbook).matches()) {
        err().println("plane: an alert id is 12 hex digits and a playbook name matches " + Playbook.NAME);
        return USAGE;
      }
      return show(remote.call("POST", "/admin/v1/alerts/" + alert + "/runbooks/" + playbook + "/confirm", new byte[0],
          operator(), wait), this::printRun);
    }
  }

  /** {@code plane runbook history}. */
  @Command(name = "runbook", mixinStandardHelpOptions = true, description = "The runbook history.",
      subcommands = {RunbookHistory.class})
  static final class Runbook implements Callable<Integer> {
    @Override
    public Integer call() {
      return USAGE;
    }
  }

  /** {@code plane runbook history}. */
  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "Playbook runs and rollbacks, newest first: who, when, what changed, the result.")
  static final class RunbookHistory extends ReadCommand {
    @Option(names = "--limit", defaultValue = "20", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit = 20;

    @Override
    int run() throws IOException, InterruptedException {
      if (limit < 0 || limit > 1000) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--limit must be within 0..1000");
      }
      return show(remote.call("GET", "/admin/v1/runs?limit=" + limit, null, Map.of()), doc -> {
        for (JsonNode r : doc.path("runs")) {
          int changes = 0;
          for (JsonNode s : r.path("steps")) {
            changes += s.path("changes").size();
          }
          out().printf("%s  %-12s %-8s %-16s %-11s by %s  %d changes, sequence %d -> %d%s%n", r.path("startedAt").asText(),
              r.path("id").asText(), r.path("kind").asText(), r.path("playbook").asText(), r.path("result").asText(),
              r.path("who").asText(), changes, r.path("sequenceBefore").asLong(), r.path("sequenceAfter").asLong(),
              r.has("error") ? "  (" + r.path("error").asText() + ")" : "");
        }
        return OK;
      });
    }
  }
}
