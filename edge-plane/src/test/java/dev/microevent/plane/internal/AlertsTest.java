package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An alert whose runbook the plane cannot start records it NOT_STARTED and keeps no lease on the run. */
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
}
