package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.Intent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PlaybookTest {
  private static Playbook parse(String yaml) {
    return Playbook.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
  }

  private static Problem refusal(String yaml) {
    return catchThrowableOfType(Problem.class, () -> parse(yaml));
  }

  /** Applies every step's changes to the document in turn, as a run does; returns them all. */
  private static List<Playbook.Change> applyAll(Playbook p, ObjectNode doc) {
    List<Playbook.Change> done = new ArrayList<>();
    for (Playbook.Step s : p.steps()) {
      List<Playbook.Change> changes = s.action().changes(doc);
      changes.forEach(c -> c.applyTo(doc));
      done.addAll(changes);
    }
    return done;
  }

  /** Undoes changes in reverse order, as {@code restore} does. */
  private static void undo(List<Playbook.Change> done, ObjectNode doc) {
    for (int i = done.size() - 1; i >= 0; i--) {
      done.get(i).inverse().applyTo(doc);
    }
  }

  @Test
  void thePresets_areTheTwoFieldPlaybooks_eachStartedByABurnRateAlert() {
    List<Playbook> presets = Playbook.presets();
    assertThat(presets).extracting(Playbook::name).containsExactly("live-commerce", "sports-microhub");
    assertThat(presets).allSatisfy(p -> {
      assertThat(p.steps()).isNotEmpty();
      assertThat(p.triggers()).isNotEmpty();
    });
  }

  /**
   * A client rejects a whole document that names an intent it does not know (the core's sections
   * and sdk-slices' alike), and the built-ins are the only intents every app knows: a preset that
   * named an app's own intent (e.g. sdk-commerce's order_flow) would be rejected by the rest of
   * the venue's fleet.
   */
  @Test
  void thePresets_nameOnlyBuiltInIntents_soEveryAppOfTheVenueAcceptsTheirDocuments() {
    Set<String> builtIns = new HashSet<>();
    Intent.builtIns().forEach(i -> builtIns.add(i.name()));
    for (Playbook p : Playbook.presets()) {
      ObjectNode doc = (ObjectNode) PlaneJson.read("{\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8), "doc");
      applyAll(p, doc);
      Set<String> named = new TreeSet<>();
      for (String section : List.of("policies", "slos", "routes")) {
        doc.path(section).fieldNames().forEachRemaining(named::add);
      }
      for (JsonNode mode : doc.path("modes")) {
        mode.path("keep").forEach(i -> named.add(i.asText()));
        mode.path("shed").forEach(i -> named.add(i.asText()));
      }
      for (JsonNode slice : doc.path("slices")) {
        slice.path("intents").forEach(i -> named.add(i.asText()));
      }
      assertThat(named).as("the intents %s names", p.name()).isNotEmpty().isSubsetOf(builtIns);
    }
  }

  @Test
  void aTriggerThatWaitsForAnOperator_saysConfirm_andAnythingButABooleanThereIsNamed() {
    Playbook p = parse("""
        name: asks-first
        triggers:
          - { budget: read, severity: PAGE, confirm: true }
          - { budget: payment, severity: PAGE }
        steps:
          - { name: drop, action: { type: flag, name: live-drop, value: true } }
        """);
    assertThat(p.triggers()).containsExactly(new Playbook.Trigger("read", "PAGE", true),
        new Playbook.Trigger("payment", "PAGE", false));
    Problem bad = refusal("""
        name: asks-first
        triggers: [ { budget: read, severity: PAGE, confirm: "perhaps" } ]
        steps:
          - { name: drop, action: { type: flag, name: live-drop, value: true } }
        """);
    assertThat(bad.problems()).anySatisfy(m -> assertThat(m).startsWith("$.triggers[0].confirm"));
  }

  @Test
  void theModulesActions_writeTheCacheProbesAndSlicesSections() {
    Playbook p = parse("""
        name: pop-up
        steps:
          - { name: checkout, action: { type: slice-reservation, slice: checkout, intents: [payment, order_flow] } }
          - { name: streaming, action: { type: slice-reservation, slice: streaming, intents: [stream_uplink] } }
          - { name: probes, action: { type: probe-period, period: 30s } }
          - { name: reads, action: { type: local-read-weight, share: 0.7 } }
        """);
    assertThat(p.steps()).extracting(s -> s.action().summary()).containsExactly(
        "slice-reservation /slices/checkout/intents [\"payment\",\"order_flow\"]",
        "slice-reservation /slices/streaming/intents [\"stream_uplink\"]",
        "probe-period /probes/intervalMs 30000",
        "local-read-weight /cache/localReadTarget 0.7");
  }

  @Test
  void theModulesActions_replaceOnlyTheirMember_andRestorePutsTheOldValuesBack() {
    Playbook p = parse("""
        name: retune
        steps:
          - { name: checkout, action: { type: slice-reservation, slice: checkout, intents: [payment] } }
          - { name: probes, action: { type: probe-period, period: 2m } }
          - { name: reads, action: { type: local-read-weight, share: 1 } }
        """);
    ObjectNode doc = (ObjectNode) PlaneJson.read(("{\"version\":\"1\",\"slices\":{\"checkout\":{\"intents\":[\"order_flow\"]}},"
        + "\"probes\":{\"intervalMs\":60000,\"jitter\":0.1},\"cache\":{\"localReadTarget\":0.5,\"maxStalenessMs\":9000}}")
        .getBytes(StandardCharsets.UTF_8), "doc");
    JsonNode original = doc.deepCopy();
    List<Playbook.Change> done = applyAll(p, doc);
    assertThat(done).extracting(Playbook.Change::pointer)
        .containsExactly("/slices/checkout/intents", "/probes/intervalMs", "/cache/localReadTarget");
    assertThat(done).extracting(c -> String.valueOf(c.before())).containsExactly("[\"order_flow\"]", "60000", "0.5");
    assertThat(doc.path("probes").toString()).isEqualTo("{\"intervalMs\":120000,\"jitter\":0.1}");
    undo(done, doc);
    assertThat(doc).isEqualTo(original);
  }

  @Test
  void theModulesActionsWithoutUsableValues_areNamedWithTheirPlace() {
    Problem p = refusal("""
        name: modules
        steps:
          - { name: a, action: { type: local-read-weight, share: "70%" } }
          - { name: b, action: { type: local-read-weight } }
          - { name: c, action: { type: probe-period, period: 30 } }
          - { name: d, action: { type: probe-period, period: soon } }
          - { name: e, action: { type: slice-reservation, slice: "Check Out", intents: [payment] } }
          - { name: f, action: { type: slice-reservation, slice: checkout, intents: payment } }
          - { name: g, action: { type: slice-reservation, intents: [Payment, 7] } }
        """);
    assertThat(p.code()).isEqualTo("invalid_playbook");
    assertThat(p.problems()).containsExactly(
        "$.steps[0].action.share: the share of reads answered locally, a number from 0 to 1 (0.7: 70 %)",
        "$.steps[1].action.share: the share of reads answered locally, a number from 0 to 1 (0.7: 70 %)",
        "$.steps[2].action.period: a duration like 500ms, 5s or 2m",
        "$.steps[3].action.period: a duration like 500ms, 5s or 2m",
        "$.steps[4].action.slice: a slice id matching [a-z0-9][a-z0-9_.-]{0,31}",
        "$.steps[5].action.intents: a list of the intents the slice is reserved for",
        "$.steps[6].action.slice: a non-empty string",
        "$.steps[6].action.intents[0]: an intent, a lower-case token matching [a-z][a-z0-9_-]{0,63}",
        "$.steps[6].action.intents[1]: an intent, a lower-case token matching [a-z][a-z0-9_-]{0,63}");
  }

  @Test
  void everyProblemOfAPlaybook_isNamedWithItsPlace() {
    Problem p = refusal("""
        name: Bad Name
        triggers: [ { budget: payment, severity: LOUD } ]
        steps:
          - { name: a, action: { type: teleport } }
          - { name: a, action: { type: flag, name: x, value: maybe }, check: { type: http, path: /admin/v1/status } }
          - { name: c, action: { type: intent-policy, intent: payment }, check: { type: planes-serving, within: soon } }
        """);
    assertThat(p.code()).isEqualTo("invalid_playbook");
    assertThat(String.join("\n", p.problems())).contains("$.name", "$.triggers[0].severity",
        "$.steps[0].action.type: unknown action 'teleport'", "$.steps[1].name: 'a' is used twice",
        "$.steps[1].action.value", "$.steps[1].check.path", "$.steps[2].action.set", "$.steps[2].check.within");
  }

  @Test
  void notYamlAtAll_isATypedRefusal() {
    assertThat(refusal("name: [unclosed").code()).isEqualTo("invalid_playbook");
    assertThat(refusal("- just\n- a list").code()).isEqualTo("invalid_playbook");
  }

  @Test
  void anActionsChanges_recordWhatTheyReplace_andTheirInversesRestoreTheDocument() {
    Playbook p = parse("""
        name: tune
        steps:
          - name: payment
            action: { type: intent-policy, intent: payment, set: { deadlineMs: 6000, bulkhead: 32 } }
          - name: flag
            action: { type: flag, name: express-checkout, value: false }
        """);
    ObjectNode doc = (ObjectNode) PlaneJson.read(("{\"version\":\"1\",\"policies\":{\"payment\":{\"deadlineMs\":9000}},"
        + "\"flags\":{\"express-checkout\":true}}").getBytes(StandardCharsets.UTF_8), "doc");
    JsonNode original = doc.deepCopy();
    List<Playbook.Change> done = applyAll(p, doc);
    assertThat(done).extracting(Playbook.Change::pointer)
        .containsExactly("/policies/payment/deadlineMs", "/policies/payment/bulkhead", "/flags/express-checkout");
    assertThat(done.get(1).before()).as("bulkhead was absent").isNull();
    assertThat(doc.path("policies").path("payment").path("bulkhead").asInt()).isEqualTo(32);

    undo(done, doc);
    assertThat(doc).isEqualTo(original);
  }

  @Test
  void aSectionTheDocumentLacks_isCreatedWhole_andUndoingLeavesNoEmptyObjectBehind() {
    Playbook p = parse("""
        name: new-sections
        steps:
          - { name: route, action: { type: route, intent: telemetry, set: { failover: false } } }
          - { name: detector, action: { type: detector, set: { alpha: 0.1 } } }
          - { name: flag, action: { type: flag, name: x, value: true } }
          - { name: health, action: { type: health-check, set: { intervalMs: 2000 } } }
          - { name: checkout, action: { type: slice-reservation, slice: checkout, intents: [payment, order_flow] } }
          - { name: streaming, action: { type: slice-reservation, slice: streaming, intents: [stream_uplink] } }
          - { name: probes, action: { type: probe-period, period: 30s } }
          - { name: reads, action: { type: local-read-weight, share: 0.7 } }
        """);
    ObjectNode doc = (ObjectNode) PlaneJson.read("{\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8), "doc");
    List<Playbook.Change> done = applyAll(p, doc);
    assertThat(done).extracting(Playbook.Change::pointer).containsExactly("/routes", "/detector", "/flags", "/health",
        "/slices", "/slices/streaming", "/probes", "/cache");
    assertThat(doc.toString()).isEqualTo("{\"version\":\"1\",\"routes\":{\"telemetry\":{\"failover\":false}},"
        + "\"detector\":{\"alpha\":0.1},\"flags\":{\"x\":true},\"health\":{\"intervalMs\":2000},"
        + "\"slices\":{\"checkout\":{\"intents\":[\"payment\",\"order_flow\"]},\"streaming\":{\"intents\":"
        + "[\"stream_uplink\"]}},\"probes\":{\"intervalMs\":30000},\"cache\":{\"localReadTarget\":0.7}}");
    undo(done, doc);
    assertThat(doc.toString()).isEqualTo("{\"version\":\"1\"}");
  }

  @Test
  void aModePolicyStep_writesTheModesSection_andRestoreTakesItBackOut() {
    Playbook p = parse("""
        name: gates-first
        steps:
          - name: reduced
            action: { type: mode-policy, mode: REDUCED, keep: [gate_scan, payment], shed: [read] }
        """);
    ObjectNode doc = (ObjectNode) PlaneJson.read("{\"version\":\"1\",\"modes\":{\"REDUCED\":{\"shed\":[\"telemetry\"]}}}"
        .getBytes(StandardCharsets.UTF_8), "doc");
    JsonNode original = doc.deepCopy();

    List<Playbook.Change> changes = p.steps().get(0).action().changes(doc);
    changes.forEach(c -> c.applyTo(doc));

    assertThat(changes).extracting(Playbook.Change::pointer).containsExactly("/modes/REDUCED/keep", "/modes/REDUCED/shed");
    assertThat(doc.path("modes").toString())
        .isEqualTo("{\"REDUCED\":{\"shed\":[\"read\"],\"keep\":[\"gate_scan\",\"payment\"]}}");
    undo(changes, doc);
    assertThat(doc).isEqualTo(original);
  }

  @Test
  void aModePolicyNamingNoDegradedModeOrNoIntents_isNamedWithItsPlace() {
    Problem p = refusal("""
        name: modes
        steps:
          - { name: a, action: { type: mode-policy, mode: NORMAL, shed: [read] } }
          - { name: b, action: { type: mode-policy, mode: REDUCED } }
          - { name: c, action: { type: mode-policy, mode: CRITICAL_ONLY, keep: read, shed: [Read, 7] } }
        """);
    assertThat(p.code()).isEqualTo("invalid_playbook");
    assertThat(p.problems()).containsExactly(
        "$.steps[0].action.mode: one of REDUCED, CRITICAL_ONLY (NORMAL sheds nothing)",
        "$.steps[1].action: a list of intents to keep, to shed, or both",
        "$.steps[2].action.keep: a list of intents",
        "$.steps[2].action.shed[0]: an intent, a lower-case token matching [a-z][a-z0-9_-]{0,63}",
        "$.steps[2].action.shed[1]: an intent, a lower-case token matching [a-z][a-z0-9_-]{0,63}");
  }

  @Test
  void anActionThatChangesNothing_hasNoChanges() {
    Playbook p = parse("name: same\nsteps: [ { name: f, action: { type: flag, name: x, value: true } } ]");
    JsonNode doc = PlaneJson.read("{\"version\":\"1\",\"flags\":{\"x\":true}}".getBytes(StandardCharsets.UTF_8), "doc");
    assertThat(p.steps().get(0).action().changes(doc)).isEmpty();
  }
}
