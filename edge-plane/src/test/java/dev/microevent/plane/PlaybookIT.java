package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.ProbeConfig;
import dev.microevent.commerce.ReadCacheConfig;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ShedException;
import dev.microevent.plane.internal.PlaneCli;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceId;
import dev.microevent.slices.SlicePlan;
import dev.microevent.slices.SliceRule;
import dev.microevent.slices.SliceSteering;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Playbooks end to end on a real plane, driven by the {@code plane} CLI, observed on a connected
 * SDK client: a preset takes effect within one config-sync interval, a failing step rolls the whole
 * run back, an applied run can be rolled back, and a burn-rate alert raised by real forwarded
 * traffic runs its runbook.
 */
class PlaybookIT {
  private static final String TOKEN = "playbook-it-token-0123456789";
  private static final Duration SYNC = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private EdgePlaneServer plane;
  private MicroEventClient client;

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private void start(EdgePlaneServer.Builder builder) {
    start(builder, core -> { });
  }

  private void start(EdgePlaneServer.Builder builder, Consumer<MicroEventClient.Builder> modules) {
    plane = builder.port(0).adminToken(TOKEN).start();
    open.add(plane);
    MicroEventClient.Builder core = MicroEventClient.builder()
        .addEdgePlane(Plane.edge(plane.planeId(), plane.uri(), 0))
        .instanceId("till-1")
        .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(500)).withJitter(Duration.ZERO))
        .configSyncInterval(SYNC);
    modules.accept(core);
    client = core.build();
    open.add(client);
    await().atMost(Duration.ofSeconds(20)).until(() -> client.config().current().version().equals("embedded-1"));
  }

  private Cli cli(String... args) {
    return Cli.run(plane.uri(), TOKEN, args);
  }

  private JsonNode served() throws IOException {
    return JSON.readTree(Http.get(plane.uri(), "/edge/v1/config").body());
  }

  /**
   * Waits for the connected client to apply the document a run left served, and checks it did so
   * within one config-sync interval of the run's last publication.
   *
   * @return how long after that publication the client applied it, in ms
   */
  private long appliedWithinOneSync(JsonNode run) throws IOException {
    String version = served().path("version").asText();
    await().atMost(SYNC.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> client.config().current().version().equals(version));
    JsonNode steps = run.path("steps");
    Instant published = Instant.parse(steps.get(steps.size() - 1).path("publishedAt").asText());
    long tookMs = Duration.between(published, client.config().current().appliedAt()).toMillis();
    // The next sync after publication applies it: one interval, plus that sync's own fetch and apply
    // (a sync that began a moment before the publication still brought the previous document).
    assertThat(tookMs).as("within one config-sync interval").isLessThanOrEqualTo(SYNC.plusSeconds(1).toMillis());
    return tookMs;
  }

  @ParameterizedTest
  @ValueSource(strings = {"live-commerce", "sports-microhub"})
  void eachPreset_runByTheCli_takesEffectOnAConnectedClient_withinOneConfigSyncInterval(String preset) throws Exception {
    start(EdgePlaneServer.builder().planeId("hub"));
    String flag = preset.equals("live-commerce") ? "live-drop" : "local-ticket-validation";
    assertThat(client.config().flag(flag, false)).isFalse();

    Cli plan = cli("playbook", "plan", preset);
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("/flags/" + flag + ": (absent) -> true");

    Cli run = cli("playbook", "run", preset, "--as", "ops-anna", "--json");
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(PlaneCli.OK);
    JsonNode record = run.json();
    assertThat(record.path("result").asText()).isEqualTo("APPLIED");
    assertThat(record.path("who").asText()).isEqualTo("ops-anna");
    String version = served().path("version").asText();
    assertThat(version).startsWith("pb-" + preset + "-" + record.path("id").asText());

    long tookMs = appliedWithinOneSync(record);
    JsonNode steps = record.path("steps");
    System.out.printf("preset %s: %d steps run by the CLI in %d ms; the connected client applied the last step's "
        + "document %d ms after the plane published it (config-sync interval %d ms)%n", preset, steps.size(),
        Duration.between(Instant.parse(record.path("startedAt").asText()),
            Instant.parse(record.path("finishedAt").asText())).toMillis(), tookMs, SYNC.toMillis());
    assertThat(client.config().flag(flag, false)).as("the preset's flag reached the client").isTrue();
    if (preset.equals("sports-microhub")) {
      client.modes().propose("venue", ServiceMode.REDUCED, "uplink cut");
      assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
          .as("the preset's mode policy: REDUCED favours gate scans and payments, reads are shed")
          .isInstanceOf(ShedException.class);
    }

    Cli history = cli("runbook", "history", "--json");
    assertThat(history.code()).isZero();
    JsonNode last = history.json().path("runs").get(0);
    assertThat(last.path("id").asText()).isEqualTo(record.path("id").asText());
    assertThat(last.path("startedAt").asText()).isNotEmpty();
    assertThat(last.path("steps").get(0).path("changes")).isNotEmpty();
  }

  @Test
  void liveCommerce_steersARealCommerceClientAndSliceSteering_withinOneConfigSyncInterval_andItsRollbackPutsTheBuildersValuesBack()
      throws Exception {
    SliceId checkout = SliceId.of("checkout");
    SliceId streaming = SliceId.of("streaming");
    // The app's own plan sends everything over the default network; only the plane reserves slices.
    SliceSteering steering = SliceSteering.of(SlicePlan.builder()
        .addSlice(Slice.builder(checkout).build()).addSlice(Slice.builder(streaming).build())
        .addRule(SliceRule.matchAll(255, SliceId.DEFAULT_NETWORK)).build());
    start(EdgePlaneServer.builder().planeId("hub"), core -> core.install(steering));
    CommerceClient commerce = CommerceClient.builder().client(client)
        .readCache(ReadCacheConfig.defaults().withLocalReadTarget(0.4))
        .probe(ProbeConfig.defaults().withInterval(Duration.ofSeconds(90)))
        .build();
    open.add(commerce);
    URI central = URI.create("https://central.example/v1/payments");
    Runnable buildersValues = () -> {
      assertThat(commerce.cache().config().localReadTarget()).isEqualTo(0.4);
      assertThat(commerce.probes().config().interval()).isEqualTo(Duration.ofSeconds(90));
      assertThat(steering.route(Intent.PAYMENT, central).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
      assertThat(steering.route(Intent.STREAM_UPLINK, central).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    };
    buildersValues.run();

    JsonNode run = cli("playbook", "run", "live-commerce", "--as", "ops-anna", "--json").json();
    assertThat(run.path("result").asText()).as("%s", run).isEqualTo("APPLIED");
    long tookMs = appliedWithinOneSync(run);
    System.out.printf("preset live-commerce: the connected client's CommerceClient and SliceSteering followed the last "
        + "step's document %d ms after the plane published it (config-sync interval %d ms)%n", tookMs, SYNC.toMillis());
    assertThat(commerce.cache().config().localReadTarget()).as("70 % of reads local").isEqualTo(0.7);
    assertThat(commerce.probes().config().interval()).as("a buy flow every 30 s").isEqualTo(Duration.ofSeconds(30));
    assertThat(steering.route(Intent.PAYMENT, central).slice()).isEqualTo(checkout);
    assertThat(steering.route(CommerceClient.ORDER_FLOW, central).slice()).as("not reserved: the plan's own route")
        .isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(steering.route(Intent.STREAM_UPLINK, central).slice()).isEqualTo(streaming);

    JsonNode rollback = cli("playbook", "rollback", run.path("id").asText(), "--as", "ops-cai", "--json").json();
    assertThat(rollback.path("result").asText()).as("%s", rollback).isEqualTo("APPLIED");
    String tag = "\"" + rollback.path("sequenceAfter").asLong() + "-";
    await().atMost(SYNC.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> client.config().current().entityTag().orElse("").startsWith(tag));
    buildersValues.run();
  }

  @Test
  void aStepThatFailsItsCheck_rollsBackEveryChangeOfTheRun_andTheCliExitsWithStepFailed() throws Exception {
    CannedCentral central = new CannedCentral();
    open.add(central);
    Files.writeString(dir.resolve("doomed.yaml"), """
        name: doomed
        description: the second step's check cannot pass (central answers 503 there)
        steps:
          - name: drop-mode
            action: { type: flag, name: drop-mode, value: true }
          - name: fast-reads
            action: { type: intent-policy, intent: read, set: { maxAttempts: 1 } }
            check: { type: http, path: /v1/unavailable, within: 1s }
        """);
    start(EdgePlaneServer.builder().planeId("hub").centralUri(central.uri()).playbooksDirectory(dir));
    JsonNode before = served();

    Cli run = cli("playbook", "run", "doomed", "--as", "ops-ben");
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(PlaneCli.STEP_FAILED);
    assertThat(run.out()).contains("ROLLED_BACK", "FAILED", "answered 503", "rolled back as sequence");

    assertThat(served()).as("the document is as it was before the run").isEqualTo(before);
    JsonNode last = cli("runbook", "history", "--json").json().path("runs").get(0);
    assertThat(last.path("result").asText()).isEqualTo("ROLLED_BACK");
    assertThat(last.path("who").asText()).isEqualTo("ops-ben");
    assertThat(last.path("rollback").path("changes")).hasSize(4); // both versions, the flag, the policy
    await().atMost(SYNC.plusSeconds(5)).until(() -> client.config().current().version().equals("embedded-1")
        && client.config().current().entityTag().orElse("").startsWith("\"" + last.path("sequenceAfter").asLong() + "-"));
    assertThat(client.config().flag("drop-mode", false)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"live-commerce", "sports-microhub"})
  void anAppliedRun_rolledBackByTheCli_restoresTheDocument(String preset) throws Exception {
    start(EdgePlaneServer.builder().planeId("hub"));
    JsonNode before = served();
    JsonNode run = cli("playbook", "run", preset, "--json").json();
    assertThat(run.path("result").asText()).isEqualTo("APPLIED");

    Cli rollback = cli("playbook", "rollback", run.path("id").asText(), "--as", "ops-cai");
    assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
    assertThat(served()).isEqualTo(before);
    Cli again = cli("playbook", "rollback", "no-such-run");
    assertThat(again.code()).isEqualTo(PlaneCli.REJECTED);
    assertThat(again.err()).contains("no_run");
  }

  @Test
  void aBurnRateAlertRaisedByRealForwardedTraffic_runsItsRunbook_endToEnd() throws Exception {
    CannedCentral central = new CannedCentral();
    open.add(central);
    start(EdgePlaneServer.builder().planeId("hub").centralUri(central.uri()));
    assertThat(cli("alerts").code()).isEqualTo(PlaneCli.OK);

    // The app's catalog reads through the plane hit a central plane that answers 503: the plane's
    // read budget (SLO 99.5 % in the embedded document) burns far beyond 14.4x in 5 min and 1 h.
    URI uri = plane.uri();
    for (int i = 0; i < 30; i++) {
      assertThat(Http.get(uri, "/v1/unavailable").statusCode()).isGreaterThanOrEqualTo(500);
    }

    // The history lists the run while it runs (RUNNING): wait for it to end.
    await().atMost(Duration.ofSeconds(30)).until(() -> cli("runbook", "history", "--json").json().path("runs")
        .findValuesAsText("who").contains("alert read PAGE")
        && cli("runbook", "history", "--json").json().path("runs").get(0).has("finishedAt"));
    JsonNode run = cli("runbook", "history", "--json").json().path("runs").get(0);
    assertThat(run.path("playbook").asText()).isEqualTo("live-commerce");
    assertThat(run.path("result").asText()).isEqualTo("APPLIED");

    Cli alerts = cli("alerts", "--json");
    assertThat(alerts.code()).as("an alert is raised").isEqualTo(PlaneCli.DEGRADED);
    assertThat(alerts.json().path("levels").path("read").asText()).isEqualTo("PAGE");
    assertThat(alerts.json().path("recent").get(0).path("runbooks").get(0).asText()).isEqualTo("live-commerce");
    String version = served().path("version").asText();
    await().atMost(SYNC.plusSeconds(5)).until(() -> client.config().current().version().equals(version));
    assertThat(client.config().flag("live-drop", false)).isTrue();
  }
}
