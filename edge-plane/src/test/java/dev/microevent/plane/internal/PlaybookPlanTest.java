package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan validates every document a run would publish, step by step, against the document's
 * schema and rules: a value out of range is refused naming the step, before anything is published.
 */
class PlaybookPlanTest {
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private final MemoryStore store = new MemoryStore();
  private final PlaneService service;

  PlaybookPlanTest() {
    KeyPair key = Ed25519.generate();
    service = new PlaneService("hub", "http://127.0.0.1:9", store,
        Signer.of(key.getPrivate(), Ed25519.raw(key.getPublic())), s -> { }, Clock.systemUTC(), 16, null, null);
    service.bootstrap("{\"version\":\"embedded-1\"}".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    poller.shutdownNow();
    store.close();
  }

  private PlaybookRunner runner(List<Playbook> playbooks) {
    return new PlaybookRunner(service, store, new RunLeases(store, "hub", Clock.systemUTC(), Ticker.system()),
        Clock.systemUTC(), Ticker.system(), poller, budget -> Severity.NONE, playbooks);
  }

  private Problem planRefusal(String yaml) {
    Playbook p = Playbook.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
    return catchThrowableOfType(Problem.class, () -> runner(List.of(p)).plan(p.name()));
  }

  @Test
  void theLiveCommercePreset_plansItsSlicesProbePeriodAndLocalReadWeight() {
    Reply plan = runner(Playbook.presets()).plan("live-commerce");

    assertThat(plan.status()).isEqualTo(200);
    JsonNode steps = PlaneJson.read(plan.body(), "the plan").path("steps");
    List<String> changes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (JsonNode c : steps.get(i).path("changes")) {
        changes.add(steps.get(i).path("name").asText() + " " + c.path("path").asText() + " " + c.path("after"));
      }
    }
    assertThat(changes).containsExactly(
        "checkout-slice /slices {\"checkout\":{\"intents\":[\"payment\"]}}",
        "streaming-slice /slices/streaming {\"intents\":[\"stream_uplink\"]}",
        "synthetic-buy-flow-every-30s /probes {\"intervalMs\":30000}",
        "reads-70-percent-local /cache {\"localReadTarget\":0.7}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "all-and-more-local | { type: local-read-weight, share: 1.5 }                   | /cache/localReadTarget",
      "never-wait         | { type: probe-period, period: 0s }                        | /probes/intervalMs",
      "checkout-slice     | { type: slice-reservation, slice: checkout, intents: [] } | /slices/checkout/intents"})
  void aValueTheDocumentRefuses_isAPlanProblemNamingTheStep(String step, String action, String pointer) {
    Problem p = planRefusal("""
        name: out-of-range
        steps:
          - { name: drop, action: { type: flag, name: live-drop, value: true } }
          - { name: %s, action: %s }
        """.formatted(step, action));
    assertThat(p.code()).isEqualTo("invalid_step");
    assertThat(p.getMessage()).contains("step '" + step + "' of out-of-range", "nothing was published");
    assertThat(p.problems()).singleElement().asString().startsWith(pointer);
  }

  @Test
  void anIntentReservedInASecondSlice_isAPlanProblemNamingTheSecondStep() {
    Problem p = planRefusal("""
        name: greedy
        steps:
          - { name: checkout-slice, action: { type: slice-reservation, slice: checkout, intents: [payment] } }
          - { name: streaming-slice, action: { type: slice-reservation, slice: streaming, intents: [stream_uplink, payment] } }
        """);
    assertThat(p.code()).isEqualTo("invalid_step");
    assertThat(p.getMessage()).contains("step 'streaming-slice' of greedy");
    assertThat(p.problems()).containsExactly(
        "/slices/streaming: 'payment' is reserved in slice 'checkout' too; an intent has at most one slice");
  }
}
