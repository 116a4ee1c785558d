package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.VirtualTime;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An alert whose runbook the plane cannot start records it NOT_STARTED and keeps no lease on the run;
 * the listing of the venue's alerts reads the store a bounded number of times, however many runbooks
 * they triggered.
 */
class AlertsTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-12-07T06:00:00Z"));
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private final MemoryStore store = new MemoryStore(time.ticker());
  private final RunLeases leases = new RunLeases(store, "hub", time.clock(), time.ticker());

  @AfterEach
  void stop() {
    poller.shutdownNow();
    store.close();
  }

  @Test
  void aRunbookThePlaneCannotStart_isRecordedNotStarted_andLeavesNoLeaseBehind() {
    KeyPair key = Ed25519.generate();
    PlaneService service = new PlaneService("hub", "http://127.0.0.1:9", store,
        Signer.of(key.getPrivate(), Ed25519.raw(key.getPublic())), s -> { }, time.clock(), 16, null, null);
    service.bootstrap("{\"version\":\"embedded-1\"}".getBytes(StandardCharsets.UTF_8));
    Alerts alerts = new Alerts(null, job -> {
      throw new RejectedExecutionException("the plane is stopping");
    }, store, leases);
    alerts.runner(new PlaybookRunner(service, store, leases, time.clock(), time.ticker(), poller,
        budget -> Severity.NONE, Playbook.presets()));

    alerts.onAlert(new BudgetAlert("payment", Severity.NONE, Severity.PAGE, 20, 10, 1, time.now()));

    JsonNode triggered = store.alerts(1).get(0).path("triggered").get(0);
    assertThat(triggered.path("playbook").asText()).isEqualTo("live-commerce");
    assertThat(triggered.path("state").asText()).isEqualTo("NOT_STARTED");
    time.advance(RunLeases.TTL.plus(RunLeases.RENEW));
    assertThat(store.lapsedRuns()).as("the run that never started is leased by no plane").isEmpty();
  }

  /** Counts the calls made to a store, by method name. */
  private static StateStore counting(StateStore store, Map<String, Integer> calls) {
    InvocationHandler h = (proxy, method, args) -> {
      calls.merge(method.getName(), 1, Integer::sum);
      try {
        return method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class}, h);
  }

  private void recordRun(String id, String result, String who) {
    store.recordRun(id, PlaneJson.write(PlaneJson.MAPPER.createObjectNode().put("id", id).put("result", result)
        .put("who", who).put("finishedAt", time.now().toString()).put("error", "plane hub-b stopped mid-run")));
  }

  @Test
  void theAlertsListing_readsTheStoreTwice_howeverManyRunbooksTheAlertsTriggered_andListsWhatBecameOfEach() {
    int alerts = 40;
    for (int i = 0; i < alerts; i++) {
      String n = String.format("%08x", i);
      ObjectNode a = PlaneJson.MAPPER.createObjectNode().put("id", "a000" + n).put("plane", "hub").put("budget", "read");
      ArrayNode t = a.putArray("triggered");
      t.addObject().put("playbook", "ran").put("state", "STARTED").put("runId", "1000" + n);
      t.addObject().put("playbook", "running").put("state", "STARTED").put("runId", "2000" + n);
      t.addObject().put("playbook", "abandoned").put("state", "STARTED").put("runId", "3000" + n);
      t.addObject().put("playbook", "joined").put("state", "DUPLICATE").putObject("claimedBy")
          .put("plane", "hub-b").put("alert", "b000" + n).put("runId", "1000" + n);
      t.addObject().put("playbook", "unrecorded").put("state", "AWAITING_CONFIRMATION").put("runId", "4000" + n);
      store.recordAlert("a000" + n, a);
      recordRun("1000" + n, "APPLIED", "alert read PAGE");
      recordRun("2000" + n, RunLeases.RUNNING, "alert read PAGE");
      recordRun("3000" + n, "ABANDONED", "alert read PAGE");
    }
    Map<String, Integer> calls = new TreeMap<>();
    Alerts listing = new Alerts(null, Runnable::run, counting(store, calls), leases);

    JsonNode recent = PlaneJson.read(listing.document().body(), "alerts").path("recent");

    assertThat(calls).as("store reads for %s alerts of 5 runbooks each", alerts).containsOnlyKeys("alerts", "runs")
        .containsEntry("alerts", 1).containsEntry("runs", 1);
    assertThat(recent).hasSize(alerts);
    for (JsonNode a : recent) {
      JsonNode t = a.path("triggered");
      String n = a.path("id").asText().substring(4);
      assertThat(t.get(0).path("state").asText()).isEqualTo("RAN");
      assertThat(t.get(0).path("run").path("id").asText()).isEqualTo("1000" + n);
      assertThat(t.get(0).path("run").path("result").asText()).isEqualTo("APPLIED");
      assertThat(t.get(1).path("state").asText()).isEqualTo("STARTED");
      assertThat(t.get(1).has("run")).as("under way: listed once it ends").isFalse();
      assertThat(t.get(2).path("state").asText()).isEqualTo("ABANDONED");
      assertThat(t.get(2).path("reason").asText()).isEqualTo("plane hub-b stopped mid-run");
      assertThat(t.get(3).path("state").asText()).isEqualTo("DUPLICATE");
      assertThat(t.get(3).path("run").path("id").asText()).as("the run it joined").isEqualTo("1000" + n);
      assertThat(t.get(4).path("state").asText()).isEqualTo("AWAITING_CONFIRMATION");
      assertThat(t.get(4).has("run")).isFalse();
    }
  }
}
