package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.plane.internal.PlaneCli;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two planes of one venue on one real redis-server, each forwarding reads that central fails: both
 * raise the read budget's PAGE alert from their own traffic. The alerts live in the shared store,
 * so either plane lists both; the runbook the alert triggers starts once for the venue, not once
 * per plane; a runbook that waits for an operator can be confirmed on the other plane after the
 * raising plane stopped, and only once; a runbook whose plane is killed (SIGKILL, its own JVM)
 * mid-run is recorded abandoned by the survivor, and the next alert starts it again.
 */
class AlertsAcrossPlanesIT {
  private static final String TOKEN = "alerts-it-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Spec SPEC = new Spec("edge-plane-admin-api.yaml");

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private LocalProcess redis;
  private CannedCentral central;
  private final PlaneKey key = PlaneKey.generate();

  @BeforeEach
  void servers() {
    redis = LocalProcess.redis(dir);
    open.add(redis);
    central = new CannedCentral();
    open.add(central);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private EdgePlaneServer plane(String id, EdgePlaneServer.Builder extra) {
    EdgePlaneServer p = extra.port(0).planeId(id).signingKey(key).adminToken(TOKEN).centralUri(central.uri())
        .store(PlaneStore.redis(URI.create("redis://127.0.0.1:" + redis.port() + "/0"), "alerts-it")).start();
    open.add(p);
    return p;
  }

  private static JsonNode admin(EdgePlaneServer plane, String path) throws IOException {
    return admin(plane.uri(), path);
  }

  private static JsonNode admin(URI plane, String path) throws IOException {
    var r = Http.get(plane, path, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).as("%s %s: %s", plane, path, r.body()).isEqualTo(200);
    if (path.equals("/admin/v1/alerts")) {
      assertThat(SPEC.response(path, "get", 200, r.body())).as(r.body()).isEmpty();
    }
    return JSON.readTree(r.body());
  }

  /** Reads through the plane to a central that answers 503: its read budget burns far past 14.4x. */
  private static void burnReads(EdgePlaneServer plane) {
    burnReads(plane.uri());
  }

  private static void burnReads(URI plane) {
    for (int i = 0; i < 30; i++) {
      assertThat(Http.get(plane, "/v1/unavailable").statusCode()).isGreaterThanOrEqualTo(500);
    }
  }

  private static List<JsonNode> alertsRaisedBy(EdgePlaneServer lister, String raiser) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : admin(lister, "/admin/v1/alerts").path("recent")) {
      if (a.path("plane").asText().equals(raiser) && a.path("budget").asText().equals("read")
          && a.path("to").asText().equals("PAGE")) {
        out.add(a);
      }
    }
    return out;
  }

  private static List<JsonNode> runsStartedByAlerts(EdgePlaneServer lister) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : admin(lister, "/admin/v1/runs").path("runs")) {
      if (r.path("who").asText().startsWith("alert ")) {
        out.add(r);
      }
    }
    return out;
  }

  private static JsonNode triggered(JsonNode alert, String playbook) {
    for (JsonNode t : alert.path("triggered")) {
      if (t.path("playbook").asText().equals(playbook)) {
        return t;
      }
    }
    throw new AssertionError("alert " + alert + " triggered no " + playbook);
  }

  @Test
  void aBurnSeenByBothPlanes_startsItsRunbookOnce_andTheSurvivorListsTheStoppedPlanesAlertAndItsRun()
      throws Exception {
    EdgePlaneServer a = plane("hub-a", EdgePlaneServer.builder());
    EdgePlaneServer b = plane("hub-b", EdgePlaneServer.builder());

    burnReads(a);
    await().atMost(Duration.ofSeconds(60)).until(() -> runsStartedByAlerts(a).size() == 1
        && runsStartedByAlerts(a).get(0).has("finishedAt"));
    JsonNode run = runsStartedByAlerts(a).get(0);
    assertThat(run.path("playbook").asText()).isEqualTo("live-commerce");
    assertThat(run.path("result").asText()).isEqualTo("APPLIED");

    assertThat(alertsRaisedBy(b, "hub-a")).as("the alert hub-a raised, listed on hub-b").hasSize(1);
    JsonNode raisedOnA = alertsRaisedBy(b, "hub-a").get(0);
    assertThat(run.path("alert").asText()).isEqualTo(raisedOnA.path("id").asText());
    JsonNode started = triggered(raisedOnA, "live-commerce");
    assertThat(started.path("state").asText()).isEqualTo("RAN");
    assertThat(started.path("run").path("id").asText()).isEqualTo(run.path("id").asText());

    // hub-b sees the same burn in its own traffic a moment later: its alert is recorded, but the
    // runbook the venue already started is not started again.
    burnReads(b);
    await().atMost(Duration.ofSeconds(30)).until(() -> alertsRaisedBy(a, "hub-b").size() == 1);
    JsonNode raisedOnB = alertsRaisedBy(a, "hub-b").get(0);
    JsonNode duplicate = triggered(raisedOnB, "live-commerce");
    assertThat(duplicate.path("state").asText()).isEqualTo("DUPLICATE");
    assertThat(duplicate.path("claimedBy").path("plane").asText()).isEqualTo("hub-a");
    assertThat(duplicate.path("claimedBy").path("alert").asText()).isEqualTo(raisedOnA.path("id").asText());
    assertThat(duplicate.path("run").path("id").asText()).isEqualTo(run.path("id").asText());
    assertThat(runsStartedByAlerts(b)).as("one runbook run for the venue's one burn").hasSize(1);

    a.close();
    Cli alerts = Cli.run(b.uri(), TOKEN, "alerts", "--json");
    assertThat(alerts.code()).as(alerts.err()).isEqualTo(PlaneCli.DEGRADED);
    List<String> raisers = new ArrayList<>();
    alerts.json().path("recent").forEach(x -> raisers.add(x.path("plane").asText()));
    assertThat(raisers).containsExactly("hub-b", "hub-a");
    assertThat(alertsRaisedBy(b, "hub-a").get(0).path("triggered").get(0).path("run").path("result").asText())
        .isEqualTo("APPLIED");
    Cli history = Cli.run(b.uri(), TOKEN, "runbook", "history", "--json");
    assertThat(history.json().path("runs").findValuesAsText("id")).contains(run.path("id").asText());
    Cli human = Cli.run(b.uri(), TOKEN, "alerts");
    assertThat(human.out()).contains("hub-a", "hub-b", "live-commerce", "RAN", "DUPLICATE");
  }

  @Test
  void aRunbookAwaitingConfirmation_onAStoppedPlane_isConfirmedOnTheOther_once() throws Exception {
    Files.writeString(dir.resolve("live-commerce.yaml"), """
        name: live-commerce
        description: asks an operator before it drops the live stream
        triggers:
          - { budget: read, severity: PAGE, confirm: true }
        steps:
          - name: live-drop-flag
            action: { type: flag, name: live-drop, value: true }
        """);
    EdgePlaneServer a = plane("hub-a", EdgePlaneServer.builder().playbooksDirectory(dir));
    EdgePlaneServer b = plane("hub-b", EdgePlaneServer.builder().playbooksDirectory(dir));

    burnReads(a);
    await().atMost(Duration.ofSeconds(30)).until(() -> alertsRaisedBy(b, "hub-a").size() == 1);
    JsonNode pending = triggered(alertsRaisedBy(b, "hub-a").get(0), "live-commerce");
    assertThat(pending.path("state").asText()).isEqualTo("AWAITING_CONFIRMATION");
    assertThat(runsStartedByAlerts(b)).isEmpty();
    assertThat(admin(b, "/admin/v1/runs").path("runs")).as("nothing ran before the operator confirmed").isEmpty();
    String alertId = alertsRaisedBy(b, "hub-a").get(0).path("id").asText();
    Cli listed = Cli.run(b.uri(), TOKEN, "alerts");
    assertThat(listed.code()).as("a runbook awaits an operator").isEqualTo(PlaneCli.DEGRADED);
    assertThat(listed.out()).contains("AWAITING_CONFIRMATION", "plane alerts confirm " + alertId + " live-commerce");

    a.close();
    // The step's check waits for every live plane to serve the new document: the operator confirms
    // once the stopped plane is STALE (silent for 10 s), as it would after a crash.
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (JsonNode p : admin(b, "/admin/v1/status").path("planes")) {
        if (p.path("planeId").asText().equals("hub-a")) {
          return p.path("status").asText().equals("STALE");
        }
      }
      return false;
    });
    Cli confirmed = Cli.run(b.uri(), TOKEN, "alerts", "confirm", alertId, "live-commerce", "--as", "ops-dana", "--json");
    assertThat(confirmed.code()).as(confirmed.out() + confirmed.err()).isEqualTo(PlaneCli.OK);
    JsonNode run = confirmed.json();
    assertThat(run.path("who").asText()).isEqualTo("ops-dana");
    assertThat(run.path("alert").asText()).isEqualTo(alertId);
    assertThat(run.path("result").asText()).isEqualTo("APPLIED");
    assertThat(SPEC.response("/admin/v1/alerts/{id}/runbooks/{playbook}/confirm", "post", 200, confirmed.out()))
        .as(confirmed.out()).isEmpty();

    Cli again = Cli.run(b.uri(), TOKEN, "alerts", "confirm", alertId, "live-commerce", "--as", "ops-eli");
    assertThat(again.code()).as(again.out() + again.err()).isEqualTo(PlaneCli.REJECTED);
    assertThat(again.err()).contains("already_confirmed", "ops-dana");
    assertThat(admin(b, "/admin/v1/runs").path("runs")).as("confirmed once, run once").hasSize(1);
    JsonNode ran = triggered(alertsRaisedBy(b, "hub-a").get(0), "live-commerce");
    assertThat(ran.path("state").asText()).isEqualTo("RAN");
    assertThat(ran.path("run").path("who").asText()).isEqualTo("ops-dana");
  }

  @Test
  void aRunbookWhosePlaneIsKilledMidRun_isRecordedAbandonedByTheSurvivor_andTheNextAlertStartsItAgain()
      throws Exception {
    // Its step publishes, then waits up to 10 minutes for the read budget to calm down: the plane
    // running it is killed while it waits.
    Files.writeString(dir.resolve("live-commerce.yaml"), """
        name: live-commerce
        description: drops the live stream, then waits for the read budget to calm down
        triggers:
          - { budget: read, severity: PAGE }
        steps:
          - name: live-drop-flag
            action: { type: flag, name: live-drop, value: true }
            check: { type: budget, budget: read, below: TICKET, within: 10m }
        """);
    // The same alert leaves this one awaiting an operator: nothing of it runs on the killed plane.
    Files.writeString(dir.resolve("gates-local.yaml"), """
        name: gates-local
        description: asks an operator before gates validate tickets locally
        triggers:
          - { budget: read, severity: PAGE, confirm: true }
        steps:
          - name: local-ticket-validation
            action: { type: flag, name: local-ticket-validation, value: true }
            check: { type: none }
        """);
    Path keyFile = dir.resolve("venue.key");
    key.write(keyFile);
    LocalProcess a = LocalProcess.plane("--port", "0", "--plane-id", "hub-a", "--redis",
        "redis://127.0.0.1:" + redis.port() + "/0", "--venue", "alerts-it", "--key-file", keyFile.toString(),
        "--admin-token", TOKEN, "--central", central.uri().toString(), "--playbooks", dir.toString());
    open.add(a);
    String ready = a.readyLine();
    URI uriA = URI.create(ready.substring(ready.indexOf("serving on ") + 11, ready.indexOf(" pid ")));
    EdgePlaneServer b = plane("hub-b", EdgePlaneServer.builder().playbooksDirectory(dir));

    burnReads(uriA);
    // hub-a's run has published its step (the venue serves its version) and waits in the step's check.
    await().atMost(Duration.ofSeconds(30)).until(() -> !alertsRaisedBy(b, "hub-a").isEmpty()
        && admin(b, "/admin/v1/status").path("config").path("version").asText().startsWith("pb-live-commerce-"));
    JsonNode started = triggered(alertsRaisedBy(b, "hub-a").get(0), "live-commerce");
    assertThat(started.path("state").asText()).isEqualTo("STARTED");
    String runId = started.path("runId").asText();
    String versionOfTheStep = admin(b, "/admin/v1/status").path("config").path("version").asText();
    assertThat(versionOfTheStep).isEqualTo("pb-live-commerce-" + runId + "-1");

    a.kill();
    // The run's lease (20 s) lapses and hub-b's next sweep (every 5 s) records it: well within 90 s.
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
        triggered(alertsRaisedBy(b, "hub-a").get(0), "live-commerce").path("state").asText()).isEqualTo("ABANDONED"));
    JsonNode abandoned = triggered(alertsRaisedBy(b, "hub-a").get(0), "live-commerce");
    assertThat(triggered(alertsRaisedBy(b, "hub-a").get(0), "gates-local").path("state").asText())
        .as("a runbook awaiting confirmation needs no lease: it outlives the killed plane as it was")
        .isEqualTo("AWAITING_CONFIRMATION");
    assertThat(abandoned.path("reason").asText()).contains("plane hub-a stopped mid-run", "1 step(s) published",
        "plane playbook rollback " + runId);
    assertThat(abandoned.path("run").path("result").asText()).isEqualTo("ABANDONED");
    JsonNode run = admin(b, "/admin/v1/runs").path("runs").get(0);
    assertThat(run.path("id").asText()).isEqualTo(runId);
    assertThat(run.path("result").asText()).isEqualTo("ABANDONED");
    assertThat(run.path("plane").asText()).isEqualTo("hub-a");
    assertThat(run.path("recordedBy").asText()).isEqualTo("hub-b");
    assertThat(run.path("steps")).hasSize(1);
    assertThat(run.path("steps").get(0).path("changes").findValuesAsText("path")).contains("/version");
    assertThat(SPEC.response("/admin/v1/runs", "get", 200, admin(b, "/admin/v1/runs").toString())).isEmpty();
    assertThat(admin(b, "/admin/v1/status").path("config").path("version").asText())
        .as("the document is left as the dead run left it").isEqualTo(versionOfTheStep);
    Cli human = Cli.run(b.uri(), TOKEN, "alerts");
    assertThat(human.out()).contains("ABANDONED", "plane hub-a stopped mid-run");
    Cli history = Cli.run(b.uri(), TOKEN, "runbook", "history");
    assertThat(history.out()).contains(runId, "ABANDONED", "hub-a stopped mid-run");

    // The operator undoes what the dead run published, on the survivor.
    Cli undone = Cli.run(b.uri(), TOKEN, "playbook", "rollback", runId, "--as", "ops-dana");
    assertThat(undone.code()).as(undone.out() + undone.err()).isEqualTo(PlaneCli.OK);
    assertThat(admin(b, "/admin/v1/status").path("config").path("version").asText())
        .isEqualTo(run.path("versionBefore").asText());

    String alertId = alertsRaisedBy(b, "hub-a").get(0).path("id").asText();
    Cli confirmed = Cli.run(b.uri(), TOKEN, "alerts", "confirm", alertId, "gates-local", "--as", "ops-dana", "--json");
    assertThat(confirmed.code()).as(confirmed.out() + confirmed.err()).isEqualTo(PlaneCli.OK);
    assertThat(triggered(alertsRaisedBy(b, "hub-a").get(0), "gates-local").path("state").asText()).isEqualTo("RAN");

    // The trigger was given back: hub-b's own alert starts the runbook again instead of joining the dead run.
    burnReads(b);
    await().atMost(Duration.ofSeconds(30)).until(() -> alertsRaisedBy(b, "hub-b").size() == 1);
    JsonNode again = triggered(alertsRaisedBy(b, "hub-b").get(0), "live-commerce");
    assertThat(again.path("state").asText()).as(again.toString()).isEqualTo("STARTED");
    assertThat(again.path("runId").asText()).isNotEqualTo(runId);
  }
}
