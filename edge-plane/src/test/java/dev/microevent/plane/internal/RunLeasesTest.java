package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two planes of one venue on one store, on virtual time: hub-a's alert started a run and hub-a
 * then stops (killed: it never ticks again). hub-b's sweep records the run abandoned once its lease
 * lapses, not before, and gives the trigger back.
 */
class RunLeasesTest {
  private static final String ALERT = "a1a1a1a1a1a1";
  private static final String RUN = "b2b2b2b2b2b2";
  private static final String TRIGGER = Alerts.claimKey("live-commerce", "read", "PAGE");
  private static final String HOLDER = "hub-a " + ALERT + " " + RUN;

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-12-07T06:00:00Z"));
  private final MemoryStore store = new MemoryStore(time.ticker());
  private final RunLeases hubA = new RunLeases(store, "hub-a", time.clock(), time.ticker());
  private final RunLeases hubB = new RunLeases(store, "hub-b", time.clock(), time.ticker());

  /** hub-a's alert as it records it: the runbook STARTED, its trigger claimed for an hour. */
  private void alertStartedARun() {
    alertStartedARun(true);
  }

  /** hub-a's alert, with the claim it took recorded (as this version does) or not (as earlier ones did). */
  private void alertStartedARun(boolean claimRecorded) {
    ObjectNode alert = PlaneJson.MAPPER.createObjectNode().put("id", ALERT).put("plane", "hub-a").put("budget", "read")
        .put("to", "PAGE");
    ObjectNode item = alert.putArray("triggered").addObject().put("playbook", "live-commerce").put("confirm", false)
        .put("state", "STARTED").put("runId", RUN);
    if (claimRecorded) {
      item.putObject(Alerts.CLAIM).put("key", TRIGGER).put("holder", HOLDER);
    }
    assertThat(store.claim(TRIGGER, HOLDER, Alerts.COOLDOWN)).isEmpty();
    assertThat(hubA.take(RUN)).isTrue();
    store.recordAlert(ALERT, alert);
  }

  /** hub-a's run as it records it after publishing its first step, before that step's check passed. */
  private void runPublishedOneStep(String result) {
    ObjectNode run = PlaneJson.MAPPER.createObjectNode().put("id", RUN).put("kind", "run").put("playbook", "live-commerce")
        .put("who", "alert read PAGE").put("startedAt", time.now().toString()).put("versionBefore", "v7")
        .put("sequenceBefore", 4).put("alert", ALERT).put("plane", "hub-a").put("result", result).put("sequenceAfter", 5);
    ObjectNode step = run.putArray("steps").addObject().put("name", "live-drop-flag").put("sequence", 5);
    step.putArray("changes").addObject().put("path", "/flags/live-drop").put("after", true);
    store.recordRun(RUN, PlaneJson.write(run));
  }

  private JsonNode run() {
    return PlaneJson.read(store.run(RUN).orElseThrow(), "run");
  }

  private JsonNode triggered() {
    return store.alert(ALERT).orElseThrow().path("triggered").get(0);
  }

  private boolean triggerIsFree() {
    boolean free = store.claim(TRIGGER, "hub-b probe", Duration.ofMillis(1)).isEmpty();
    store.release(TRIGGER, "hub-b probe");
    return free;
  }

  @Test
  void aRunWhosePlaneStoppedRenewing_isRecordedAbandonedOnceItsLeaseLapses_andItsTriggerGoesToTheNextAlert() {
    alertStartedARun();
    runPublishedOneStep("RUNNING");
    hubA.tick();
    hubB.tick();

    time.advance(RunLeases.TTL.minusSeconds(1)); // hub-a is dead from here: it never ticks again
    hubB.tick();
    assertThat(run().path("result").asText()).as("its lease holds yet").isEqualTo("RUNNING");
    assertThat(triggered().path("state").asText()).isEqualTo("STARTED");
    assertThat(triggerIsFree()).isFalse();

    time.advance(RunLeases.RENEW);
    hubB.tick();
    JsonNode run = run();
    assertThat(run.path("result").asText()).isEqualTo("ABANDONED");
    assertThat(run.path("error").asText()).contains("plane hub-a stopped mid-run", "1 step(s) published",
        "plane playbook rollback " + RUN);
    assertThat(run.path("recordedBy").asText()).isEqualTo("hub-b");
    assertThat(run.path("finishedAt").asText()).isEqualTo(time.now().toString());
    assertThat(run.path("steps").get(0).path("changes").get(0).path("path").asText())
        .as("what the dead run published stays in its record").isEqualTo("/flags/live-drop");
    assertThat(triggered().path("state").asText()).isEqualTo("ABANDONED");
    assertThat(triggered().path("reason").asText()).contains("plane hub-a stopped mid-run");
    assertThat(triggerIsFree()).as("the next alert can start the runbook again").isTrue();
    assertThat(triggered().has(Alerts.CLAIM)).as("the claim given back is no longer the alert's").isFalse();
    assertThat(store.lapsedRuns()).as("recorded once").isEmpty();

    Alerts listing = new Alerts(null, Runnable::run, store, hubB);
    JsonNode listed = PlaneJson.read(listing.document().body(), "alerts").path("recent").get(0).path("triggered").get(0);
    assertThat(listed.path("state").asText()).isEqualTo("ABANDONED");
    assertThat(listed.path("run").path("result").asText()).isEqualTo("ABANDONED");
  }

  @Test
  void anAlertRecordedByAnEarlierVersion_withoutTheClaimItTook_stillGivesItsTriggerBack() {
    alertStartedARun(false);
    runPublishedOneStep("RUNNING");
    time.advance(RunLeases.TTL.plus(RunLeases.RENEW));
    hubB.tick();
    assertThat(triggered().path("state").asText()).isEqualTo("ABANDONED");
    assertThat(triggerIsFree()).isTrue();
  }

  @Test
  void aLivePlanesRun_isNeverSwept_howeverLongItRuns() {
    alertStartedARun();
    runPublishedOneStep("RUNNING");
    for (int i = 0; i < 120; i++) {
      time.advance(RunLeases.RENEW);
      hubA.tick();
      hubB.tick();
    }
    assertThat(run().path("result").asText()).isEqualTo("RUNNING");
    assertThat(triggered().path("state").asText()).isEqualTo("STARTED");
    assertThat(triggerIsFree()).isFalse();
    assertThat(store.lapsedRuns()).isEmpty();
  }

  @Test
  void aRunWhosePlaneDiedBeforeItBegan_isRecordedAsHavingChangedNothing() {
    alertStartedARun();
    time.advance(RunLeases.TTL.plus(RunLeases.RENEW));
    hubB.tick();
    assertThat(store.run(RUN)).as("nothing ran, so no run is recorded").isEmpty();
    assertThat(triggered().path("state").asText()).isEqualTo("ABANDONED");
    assertThat(triggered().path("reason").asText()).isEqualTo("plane hub-a stopped before the run began; nothing was "
        + "changed");
    assertThat(triggerIsFree()).isTrue();
  }

  @Test
  void aRunRecordedFinalBeforeItsPlaneDied_isLeftAsRecorded() {
    alertStartedARun();
    runPublishedOneStep("APPLIED");
    time.advance(RunLeases.TTL.plus(RunLeases.RENEW));
    hubB.tick();
    assertThat(run().path("result").asText()).isEqualTo("APPLIED");
    assertThat(triggered().path("state").asText()).isEqualTo("STARTED");
    assertThat(triggerIsFree()).as("a run that ended holds its trigger for the cooldown").isFalse();
    assertThat(store.lapsedRuns()).isEmpty();
    assertThat(triggered().has(Alerts.CLAIM)).isTrue();
    Alerts listing = new Alerts(null, Runnable::run, store, hubB);
    assertThat(PlaneJson.read(listing.document().body(), "alerts").findValues(Alerts.CLAIM))
        .as("the claim is the store's bookkeeping, never listed").isEmpty();
  }

  @Test
  void aPlaneBackAfterAPauseLongerThanItsLease_takesItsLeaseBackBeforeAnyoneSweepsIt() {
    alertStartedARun();
    runPublishedOneStep("RUNNING");
    time.advance(RunLeases.TTL.plusSeconds(1));
    hubA.tick();
    hubB.tick();
    assertThat(run().path("result").asText()).isEqualTo("RUNNING");
    assertThat(triggerIsFree()).isFalse();
  }

  @Test
  void aLapsedRunWhoseRecordCannotBeRead_doesNotKeepTheSweepFromTheOthers() {
    String unreadable = "c3c3c3c3c3c3";
    assertThat(hubA.take(unreadable)).isTrue();
    store.recordRun(unreadable, new byte[] {'{', '"', 'i', 'd'});
    alertStartedARun();
    runPublishedOneStep("RUNNING");
    time.advance(RunLeases.TTL.plus(RunLeases.RENEW));
    hubB.tick();
    assertThat(run().path("result").asText()).isEqualTo("ABANDONED");
    assertThat(triggerIsFree()).isTrue();
    assertThat(store.lapsedRuns()).as("the unreadable one is tried again at the next sweep").containsOnlyKeys(unreadable);
  }
}
