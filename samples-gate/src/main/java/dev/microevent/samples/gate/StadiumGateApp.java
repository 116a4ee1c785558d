package dev.microevent.samples.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.commerce.tickets.DurableScanLedger;
import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.GateStatus;
import dev.microevent.commerce.tickets.ScanLedger;
import dev.microevent.commerce.tickets.Ticket;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.TicketIssuer;
import dev.microevent.commerce.tickets.TicketSigningKey;
import dev.microevent.commerce.tickets.TicketsClient;
import dev.microevent.commerce.tickets.Verdict;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.commerce.tickets.Zone;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.SdkException;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ShedException;
import dev.microevent.core.Subscription;
import dev.microevent.plane.EdgePlaneServer;
import dev.microevent.plane.PlaneCommand;
import dev.microevent.testkit.load.GateRush;
import dev.microevent.testkit.load.LoadGenerator;
import dev.microevent.testkit.load.LoadReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The stadium gate app against a real edge plane, on embedded defaults: it starts an {@link
 * EdgePlaneServer} in this process, publishes the box office's ticket key list and a revocation
 * list through the plane ({@code plane tickets keys-push} and {@code plane tickets revoke}, run
 * through {@link PlaneCommand}, the CLI's own code path: the plane signs both with its key), and
 * runs the plane's {@code sports-microhub} preset the same way. Two gates, each a {@link
 * TicketsClient} on its own {@link MicroEventClient} with the plane's key pinned (bilateral health
 * checks every 2 s), follow the preset by config sync, pull the signed lists and share one SQLite
 * scan ledger. Then the uplink is cut (the plane stops), the gates' clients go to a reduced mode
 * that keeps gate scans and payments and pauses telemetry, and the crowd rushes the gates: every
 * decision is made on the gate. Refunded tickets (revoked on the plane) are refused, so are
 * counterfeits (signed by a key the box office never published) and doctored tickets (a genuine
 * ticket's text under another one's signature); tickets passed back over the fence and shown at
 * both gates at the same moment get in once. It prints a short table.
 *
 * <pre>{@code
 * mvn -B -q -pl samples-gate -am -DskipTests package exec:java@gate-app
 * }</pre>
 */
public final class StadiumGateApp {
  static final String EVENT = "stadium-2026-12-12";
  static final String PRESET = "sports-microhub";
  static final String FLAG = "local-ticket-validation";
  /** The preset's bilateral health checks: a heartbeat each way every 2 s. */
  static final Duration HEALTH_CHECKS = Duration.ofSeconds(2);
  static final Duration CONFIG_SYNC = Duration.ofSeconds(1);
  /** How long the gates wait for the preset to reach them (a sync every second; a busy machine may be slow). */
  private static final Duration PRESET_WAIT = Duration.ofSeconds(30);
  /** The crowd of the README command. */
  static final int CROWD = 400;
  /** The peak of the rush, scans per second over both gates. */
  static final double PEAK = 200;
  private static final int REFUNDED = 12;
  private static final int COUNTERFEITS = 10;
  private static final int DOCTORED = 4;
  /** Tickets passed back over the fence and shown at both gates at the same moment. */
  private static final int PASSED_BACK = 20;
  /** A signature is 64 bytes at the frame's end: 96 Base45 characters when the frame has an even length. */
  private static final int SIGNATURE_CHARS = 96;
  private static final String TEXT_PREFIX = "ME1:";

  private StadiumGateApp() {}

  /**
   * Runs the app (about 15 s) and prints what happened.
   *
   * @param args ignored
   * @throws Exception if a loopback server or the ledger's file cannot start
   */
  public static void main(String[] args) throws Exception {
    run(new PrintStream(System.out, true, StandardCharsets.UTF_8), CROWD);
  }

  /** What a ticket is, as the box office knows it: what a correct gate must answer. */
  enum Kind {
    GOOD, REFUNDED, COUNTERFEIT, DOCTORED
  }

  /**
   * What happened, for the printout and for tests.
   *
   * @param presetResult the run's result ({@code APPLIED})
   * @param presetSteps the run's steps
   * @param localValidation whether the preset's flag reached both gates' clients
   * @param gateScanDeadline the gates' GATE_SCAN deadline after the preset
   * @param keysVersion the key list version both gates hold
   * @param revocationsVersion the revocation list version both gates hold
   * @param refusedDocuments signed documents the gates refused (none from their own plane)
   * @param uplinkCut whether both gates saw the plane gone at their sync after the cut
   * @param modeDuringCut the gates' clients' service mode during the rush
   * @param telemetryShed whether a telemetry upload during the cut was shed before any I/O
   * @param verdicts decisions by kind, rush and both-gates-at-once together
   * @param expected what a correct gate answers to the same scans
   * @param decisions every decision made
   * @param offline decisions made on the gate's own data
   * @param degraded decisions flagged degraded (no uplink)
   * @param failedScans scans that failed or did not finish
   * @param goodTickets good tickets shown (crowd and passed back)
   * @param goodAdmittedOnce good tickets admitted exactly once
   * @param doubleAdmissions tickets admitted more than once
   * @param refusedAdmitted refunded, counterfeit or doctored tickets admitted
   * @param passedBack tickets shown at both gates at once
   * @param passedBackAdmittedOnce those admitted by exactly one of the two gates
   * @param rush the rush's load report (decision time: its service time)
   */
  record Result(String presetResult, int presetSteps, boolean localValidation,
      Duration gateScanDeadline, long keysVersion, long revocationsVersion, long refusedDocuments, boolean uplinkCut,
      ServiceMode modeDuringCut, boolean telemetryShed, Map<VerdictKind, Long> verdicts,
      Map<VerdictKind, Long> expected, long decisions, long offline, long degraded, long failedScans,
      int goodTickets, int goodAdmittedOnce, int doubleAdmissions, int refusedAdmitted, int passedBack,
      int passedBackAdmittedOnce, LoadReport rush) {}

  /**
   * Runs the app: box office, plane, lists and preset through the CLI's code path, two gates, the
   * cut, the rush, the table.
   *
   * @param out where the lines go
   * @param crowd how many people rush the gates with a good ticket
   * @return what happened
   */
  static Result run(PrintStream out, int crowd) throws Exception {
    Path work = Files.createTempDirectory("stadium-gates");
    try {
      return run(out, crowd, work);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Result run(PrintStream out, int crowd, Path work) throws Exception {
    BoxOffice box = new BoxOffice(Instant.now(), crowd);
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    // Not a resource of the try: the app stops it mid-run (the cut); closing it again is a no-op.
    EdgePlaneServer plane = EdgePlaneServer.builder().planeId("stadium-hub").port(0).adminToken(token).start();
    try (MicroEventClient northLink = gateLink(plane, "gate-north");
        MicroEventClient southLink = gateLink(plane, "gate-south");
        DurableScanLedger ledger = ScanLedger.sqlite(work.resolve("scans.db"));
        TicketsClient north = gate(northLink, plane, "north", ledger);
        TicketsClient south = gate(southLink, plane, "south", ledger)) {
      Cli cli = new Cli(plane, token);
      out.printf(Locale.ROOT, "edge plane %s at %s (signing key %s); gates north and south pin its key, "
          + "health checks every %d s, one SQLite scan ledger%n", plane.planeId(), plane.uri(), plane.signingKeyId(),
          HEALTH_CHECKS.toSeconds());

      // The box office publishes its key and the refunds through the plane, which signs both lists.
      Path keys = work.resolve("box-office-keys.json");
      Files.writeString(keys, "{\"keys\":[{\"format\":\"microevent-v1\",\"publicKey\":\""
          + Base64.getEncoder().encodeToString(box.key.publicKey().publicKey()) + "\"}]}", StandardCharsets.UTF_8);
      JsonNode keyList = cli.json("tickets", "keys-push", EVENT, keys.toString());
      List<String> revoke = new ArrayList<>(List.of("tickets", "revoke", EVENT));
      revoke.addAll(box.refundedIds);
      JsonNode revocations = cli.json(revoke.toArray(String[]::new));
      out.printf(Locale.ROOT, "`plane tickets keys-push`: the box office's key (%s) at version %d; `plane tickets "
          + "revoke`: %d refunded tickets at version %d%n", box.key.id(), keyList.path("version").asLong(),
          box.refundedIds.size(), revocations.path("version").asLong());

      // The sports micro-hub preset, run as an operator would; the gates open when it reaches them.
      Preset preset = Preset.run(cli, northLink, southLink);
      out.printf(Locale.ROOT, "preset %s run by `plane playbook run` (run %s, %d steps): %s; both gates applied "
              + "config %s (sync every %d ms): %s=%s, GATE_SCAN deadline %d ms%n", PRESET, preset.id(), preset.steps(),
          preset.result(), northLink.config().current().version(), CONFIG_SYNC.toMillis(), FLAG, preset.arrived(),
          northLink.policy(Intent.GATE_SCAN).deadline().toMillis());
      if (!preset.arrived()) {
        throw new IllegalStateException("the preset's flag did not reach both gates within " + PRESET_WAIT);
      }

      GateStatus northLists = north.sync();
      GateStatus southLists = south.sync();
      out.printf(Locale.ROOT, "the gates pulled the signed lists: north keys v%d, revocations v%d; south keys v%d, "
              + "revocations v%d; documents refused: %d%n", northLists.keysVersion(),
          northLists.revocationsVersion(), southLists.keysVersion(), southLists.revocationsVersion(),
          northLists.refusedDocuments() + southLists.refusedDocuments());

      // The uplink is cut: the plane goes away. The gates keep deciding on what they hold.
      plane.close();
      GateStatus northCut = north.sync();
      GateStatus southCut = south.sync();
      boolean cut = !northCut.uplinkUp() && !southCut.uplinkUp();
      for (MicroEventClient link : List.of(northLink, southLink)) {
        link.modes().propose("gate-app", ServiceMode.REDUCED, "uplink to the plane cut: ingress, egress and "
            + "payments first");
      }
      boolean shed = telemetryShed(northLink);
      out.printf(Locale.ROOT, "!! the uplink is cut (plane stopped): north uplink %s, south uplink %s, gates %s; "
              + "clients in %s mode: a telemetry upload %s, gate scans and payments run%n",
          northCut.uplinkUp() ? "up" : "down", southCut.uplinkUp() ? "up" : "down",
          northCut.degraded() && southCut.degraded() ? "degraded (deciding on the gate)" : "normal",
          northLink.modes().current(), shed ? "is shed before any I/O" : "WENT OUT");

      Tally tally = new Tally(box);
      LoadReport rush = rush(box, tally, north, south);
      int passedBackOnce = passedBack(box, tally, north, south);
      Result result = tally.result(preset, northLink.policy(Intent.GATE_SCAN).deadline(), northLists, southLists,
          cut, northLink.modes().current(), shed, rush, passedBackOnce);
      print(out, result);
      return result;
    } finally {
      plane.close();
    }
  }

  private static MicroEventClient gateLink(EdgePlaneServer plane, String instance) {
    return MicroEventClient.builder()
        .addEdgePlane(Plane.edge(plane.planeId(), plane.uri(), 0))
        .addPlaneKey(plane.signingPublicKey()) // only what the stadium's own plane signed steers a gate
        .instanceId(instance)
        .healthCheck(HealthCheckConfig.defaults().withInterval(HEALTH_CHECKS))
        .configSyncInterval(CONFIG_SYNC)
        .build();
  }

  private static TicketsClient gate(MicroEventClient link, EdgePlaneServer plane, String name, ScanLedger ledger) {
    // Pulled when the app says (sync()), so the table is the same every run; a gate in service keeps the
    // default background pull (every 30 s).
    return TicketsClient.builder().client(link).event(EventId.of(EVENT)).gate(GateId.of(name))
        .addPlaneKey(plane.signingPublicKey()).ledger(ledger).syncInterval(Duration.ZERO).build();
  }

  private static boolean telemetryShed(MicroEventClient link) {
    try {
      link.call(Intent.TELEMETRY, EdgeRequest.builder("POST", "/v1/telemetry/gates").build());
      return false;
    } catch (ShedException e) {
      return true;
    } catch (SdkException e) {
      return false; // it went out and failed: not shed
    }
  }

  /** Doors open: every ticket once, 5 % re-scans, the gates taking turns; open model, nobody is turned away. */
  private static LoadReport rush(BoxOffice box, Tally tally, TicketsClient north, TicketsClient south) {
    GateRush rush = GateRush.builder().tickets(box.rush).peak(PEAK).rescans(0.05).build();
    rush.scans().forEach(tally::expect);
    AtomicLong turn = new AtomicLong();
    LoadReport report = LoadGenerator.builder()
        .target(rush.target(text -> tally.record(text, (turn.getAndIncrement() % 2 == 0 ? north : south).scan(text))))
        .profile(rush.profile())
        .request(Intent.GATE_SCAN, GateRush.REQUEST)
        .drainTimeout(Duration.ofMinutes(2)) // a busy machine may be slow; every scan must finish
        .build()
        .run();
    tally.failed.addAndGet(report.failed());
    return report;
  }

  /** Tickets passed back over the fence: each shown at north and south at the same moment. */
  private static int passedBack(BoxOffice box, Tally tally, TicketsClient north, TicketsClient south)
      throws Exception {
    int once = 0;
    ExecutorService stewards = Executors.newFixedThreadPool(2);
    try {
      for (String text : box.passedBack) {
        tally.expect(text);
        tally.expect(text);
        CyclicBarrier together = new CyclicBarrier(2);
        Future<Verdict> atNorth = stewards.submit(() -> {
          together.await(30, TimeUnit.SECONDS);
          return north.scan(text);
        });
        Future<Verdict> atSouth = stewards.submit(() -> {
          together.await(30, TimeUnit.SECONDS);
          return south.scan(text);
        });
        Verdict n = atNorth.get(60, TimeUnit.SECONDS);
        Verdict s = atSouth.get(60, TimeUnit.SECONDS);
        tally.record(text, n);
        tally.record(text, s);
        if (n.admits() ^ s.admits()) {
          once++;
        }
      }
    } finally {
      stewards.shutdownNow();
    }
    return once;
  }

  private static void print(PrintStream out, Result r) {
    Map<VerdictKind, String> why = new EnumMap<>(VerdictKind.class);
    why.put(VerdictKind.VALID, "admitted");
    why.put(VerdictKind.ALREADY_USED, "refused: re-scans, and the second gate of a ticket shown at both");
    why.put(VerdictKind.REVOKED, "refused: refunded, on the plane's signed revocation list");
    why.put(VerdictKind.UNKNOWN_KEY, "refused: counterfeits, signed by a key the box office never published");
    why.put(VerdictKind.BAD_SIGNATURE, "refused: doctored, a genuine ticket under another one's signature");
    out.printf(Locale.ROOT, "%nthe rush, decided at the gates with the uplink cut (%d people with a good ticket, "
        + "peak %.0f scans/s over 2 gates, %d tickets shown at both gates at once):%n", r.goodTickets() - r.passedBack(),
        PEAK, r.passedBack());
    out.printf(Locale.ROOT, "  %-14s %7s %9s%n", "verdict", "scans", "expected");
    for (VerdictKind kind : VerdictKind.values()) {
      long got = r.verdicts().getOrDefault(kind, 0L);
      long want = r.expected().getOrDefault(kind, 0L);
      if (got != 0 || want != 0) {
        out.printf(Locale.ROOT, "  %-14s %7d %9d  %s%n", kind, got, want, why.getOrDefault(kind, "refused"));
      }
    }
    out.printf(Locale.ROOT, "  decisions %d: %d decided offline (on the gate's own data), %d flagged degraded "
        + "(no uplink), %d failed%n", r.decisions(), r.offline(), r.degraded(), r.failedScans());
    out.printf(Locale.ROOT, "  decision time (%d rush scans, SQLite ledger): p50 %.2f ms, p99 %.2f ms%n",
        r.rush().serviceTime().count(), r.rush().serviceTime().p50().toNanos() / 1e6,
        r.rush().serviceTime().p99().toNanos() / 1e6);
    out.printf(Locale.ROOT, "  good tickets %d: %d admitted exactly once; double admissions %d; refunded, "
            + "counterfeit or doctored admitted %d; shown at both gates at once: %d of %d admitted once%n",
        r.goodTickets(), r.goodAdmittedOnce(), r.doubleAdmissions(), r.refusedAdmitted(), r.passedBackAdmittedOnce(),
        r.passedBack());
  }

  /** The CLI's code path against the app's plane: a failed command stops the app with what it said. */
  private static final class Cli {
    private final EdgePlaneServer plane;
    private final String token;

    Cli(EdgePlaneServer plane, String token) {
      this.plane = plane;
      this.token = token;
    }

    JsonNode json(String... command) throws IOException {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--url", plane.uri().toString(), "--token", token, "--json"));
      StringWriter cliOut = new StringWriter();
      StringWriter cliErr = new StringWriter();
      int code = PlaneCommand.execute(new PrintWriter(cliOut, true), new PrintWriter(cliErr, true),
          args.toArray(String[]::new));
      if (code != PlaneCommand.OK) {
        throw new IllegalStateException("plane " + String.join(" ", command) + " exited " + code + ": " + cliErr);
      }
      return new ObjectMapper().readTree(cliOut.toString());
    }
  }

  /** The preset's run and whether its flag reached both gates. */
  private record Preset(String id, int steps, String result, boolean arrived) {
    static Preset run(Cli cli, MicroEventClient... gates) throws Exception {
      CountDownLatch reached = new CountDownLatch(gates.length);
      List<Subscription> listening = new ArrayList<>();
      try {
        for (MicroEventClient gate : gates) {
          AtomicInteger once = new AtomicInteger();
          listening.add(gate.config().addListener(e -> {
            if (gate.config().flag(FLAG, false) && once.getAndIncrement() == 0) {
              reached.countDown();
            }
          }));
        }
        JsonNode run = cli.json("playbook", "run", PRESET, "--as", "gate-app");
        boolean arrived = reached.await(PRESET_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return new Preset(run.path("id").asText(), run.path("steps").size(), run.path("result").asText(), arrived);
      } finally {
        listening.forEach(Subscription::close);
      }
    }
  }

  /** The box office's tickets, and what a forger makes of them. */
  private static final class BoxOffice {
    final TicketSigningKey key = TicketSigningKey.generate();
    /** Everything the crowd shows at the rush, in no particular order (GateRush shuffles). */
    final List<String> rush = new ArrayList<>();
    final List<String> refundedIds = new ArrayList<>();
    final List<String> passedBack = new ArrayList<>();
    final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    BoxOffice(Instant now, int crowd) {
      TicketIssuer issuer = TicketIssuer.builder().signingKey(key).build();
      TicketIssuer forger = TicketIssuer.builder().signingKey(TicketSigningKey.generate()).build();
      List<String> good = new ArrayList<>();
      for (int i = 1; i <= crowd; i++) {
        good.add(add(issuer.issue(ticket(String.format(Locale.ROOT, "T-%04d", i), now)), Kind.GOOD));
      }
      rush.addAll(good);
      for (int i = 1; i <= REFUNDED; i++) {
        String id = String.format(Locale.ROOT, "R-%04d", i);
        refundedIds.add(id);
        rush.add(add(issuer.issue(ticket(id, now)), Kind.REFUNDED));
      }
      for (int i = 1; i <= COUNTERFEITS; i++) {
        rush.add(add(forger.issue(ticket(String.format(Locale.ROOT, "T-9%03d", i), now)), Kind.COUNTERFEIT));
      }
      for (int i = 0; i < DOCTORED && i + 1 < good.size(); i++) {
        rush.add(add(doctored(good.get(i), good.get(i + 1)), Kind.DOCTORED));
      }
      for (int i = 1; i <= PASSED_BACK; i++) {
        passedBack.add(add(issuer.issue(ticket(String.format(Locale.ROOT, "P-%04d", i), now)), Kind.GOOD));
      }
    }

    private String add(String text, Kind kind) {
      kinds.put(text, kind);
      return text;
    }

    private static Ticket ticket(String id, Instant now) {
      return Ticket.builder().event(EventId.of(EVENT)).id(TicketId.of(id)).zone(Zone.of("STANDS")).tier("ADULT")
          .validFrom(now.minus(Duration.ofHours(1))).validUntil(now.plus(Duration.ofHours(6))).build();
    }

    /**
     * One genuine ticket's text under another's signature: what a forger who cannot sign gets by
     * gluing (the text is {@code ME1:} and Base45, 3 characters for 2 bytes, so the 64-byte
     * signature is the last 96 characters when the frame has an even length).
     */
    private static String doctored(String content, String signature) {
      int chars = content.length() - TEXT_PREFIX.length();
      if (content.length() != signature.length() || chars % 3 != 0) {
        throw new IllegalStateException("a doctored ticket needs two frames of one even length, got " + chars
            + " and " + (signature.length() - TEXT_PREFIX.length()) + " Base45 characters");
      }
      return content.substring(0, content.length() - SIGNATURE_CHARS)
          + signature.substring(signature.length() - SIGNATURE_CHARS);
    }
  }

  /** Every decision, against what a correct gate answers. */
  private static final class Tally {
    private final BoxOffice box;
    private final Map<VerdictKind, AtomicLong> verdicts = new ConcurrentHashMap<>();
    private final Map<VerdictKind, AtomicLong> expected = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> admits = new ConcurrentHashMap<>();
    private final Map<String, Boolean> shown = new ConcurrentHashMap<>();
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong offline = new AtomicLong();
    private final AtomicLong degraded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    Tally(BoxOffice box) {
      this.box = box;
    }

    /** Counts what a correct gate answers to this scan, given the scans before it (in order). */
    void expect(String text) {
      Kind kind = box.kinds.get(text);
      if (kind == null) {
        throw new IllegalStateException("the box office knows nothing of a scanned text");
      }
      VerdictKind answer = switch (kind) {
        case GOOD -> shown.putIfAbsent(text, Boolean.TRUE) == null ? VerdictKind.VALID : VerdictKind.ALREADY_USED;
        case REFUNDED -> VerdictKind.REVOKED;
        case COUNTERFEIT -> VerdictKind.UNKNOWN_KEY;
        case DOCTORED -> VerdictKind.BAD_SIGNATURE;
      };
      expected.computeIfAbsent(answer, k -> new AtomicLong()).incrementAndGet();
    }

    void record(String text, Verdict v) {
      decisions.incrementAndGet();
      verdicts.computeIfAbsent(v.kind(), k -> new AtomicLong()).incrementAndGet();
      if (v.offline()) {
        offline.incrementAndGet();
      }
      if (v.degraded()) {
        degraded.incrementAndGet();
      }
      if (v.admits()) {
        admits.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
      }
    }

    Result result(Preset preset, Duration gateScanDeadline, GateStatus north, GateStatus south, boolean cut,
        ServiceMode mode, boolean shed, LoadReport rush, int passedBackOnce) {
      int good = 0;
      int goodOnce = 0;
      int doubles = 0;
      int wronglyAdmitted = 0;
      for (Map.Entry<String, Kind> t : box.kinds.entrySet()) {
        AtomicInteger n = admits.get(t.getKey());
        int times = n == null ? 0 : n.get();
        if (times > 1) {
          doubles++;
        }
        if (t.getValue() == Kind.GOOD) {
          good++;
          if (times == 1) {
            goodOnce++;
          }
        } else if (times > 0) {
          wronglyAdmitted++;
        }
      }
      return new Result(preset.result(), preset.steps(), preset.arrived(), gateScanDeadline, Math.min(north.keysVersion(), south.keysVersion()),
          Math.min(north.revocationsVersion(), south.revocationsVersion()),
          north.refusedDocuments() + south.refusedDocuments(), cut, mode, shed, counts(verdicts), counts(expected),
          decisions.get(), offline.get(), degraded.get(), failed.get(), good, goodOnce, doubles, wronglyAdmitted,
          box.passedBack.size(), passedBackOnce, rush);
    }

    private static Map<VerdictKind, Long> counts(Map<VerdictKind, AtomicLong> from) {
      Map<VerdictKind, Long> m = new EnumMap<>(VerdictKind.class);
      from.forEach((k, v) -> m.put(k, v.get()));
      return m;
    }
  }
}
