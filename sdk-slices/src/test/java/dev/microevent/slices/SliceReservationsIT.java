package dev.microevent.slices;

import static dev.microevent.slices.SteeringOnTheWireIT.CHECKOUT_ADDRESS;
import static dev.microevent.slices.SteeringOnTheWireIT.STREAM_ADDRESS;
import static dev.microevent.slices.SteeringOnTheWireIT.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.Criticality;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.config.ConfigEvent;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.ReceivedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plane reserves slices for intents through its config document's {@code slices} section (the
 * playbook action "reserve a slice"): reservations take effect within one sync, ahead of the plan's
 * rules, are refused whole with the document when malformed, and skip slices this app's plan does
 * not have. Calls go to a fake edge plane on 127.0.0.1 that sees each connection's source address:
 * the checkout slice binds 127.0.0.2, the streaming slice 127.0.0.3, the default network leaves
 * from 127.0.0.1. Time is virtual; documents are fetched with {@code syncNow()}.
 */
class SliceReservationsIT {
  private static final String DEFAULT_ADDRESS = "127.0.0.1";
  private static final String PRESET = "\"slices\":{\"checkout\":{\"intents\":[\"payment\"]},"
      + "\"streaming\":{\"intents\":[\"stream_uplink\",\"read\"]}}";

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ConfigEvent> configEvents = new CopyOnWriteArrayList<>();
  private final RecordingSliceListener sliceEvents = new RecordingSliceListener();
  private FakeEdgePlane edge;
  private SliceSteering steering;
  private MicroEventClient core;
  private SlicesClient slices;
  private int calls;

  /**
   * The app's own plan: streams ride the streaming slice, everything else (payments too) the
   * default network; the checkout slice is exclusive to payments and no rule uses it yet.
   */
  private static SlicePlan plan() throws Exception {
    Slice checkout = Slice.builder(SliceId.of("checkout")).localAddress(loopback(2)).exclusiveTo(Intent.PAYMENT)
        .build();
    Slice streaming = Slice.builder(SliceId.of("streaming")).localAddress(loopback(3)).build();
    return SlicePlan.builder().addSlice(checkout).addSlice(streaming)
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK)
            .routes(streaming.id(), SliceId.DEFAULT_NETWORK).build())
        .addRule(SliceRule.matchAll(255, SliceId.DEFAULT_NETWORK))
        .build();
  }

  @BeforeEach
  void start() throws Exception {
    edge = FakeEdgePlane.start("venue-hub");
    steering = SliceSteering.of(plan());
    core = MicroEventClient.builder()
        .addEdgePlane(edge.plane())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .meterRegistry(registry)
        .install(steering)
        .build();
    var unused = core.config().addListener(configEvents::add);
    slices = SlicesClient.builder().client(core).steering(steering).addSliceListener(sliceEvents).build();
  }

  @AfterEach
  void stop() {
    slices.close();
    core.close();
    edge.close();
  }

  private SyncResult publish(String version, String members) {
    edge.configDocument("{\"version\":\"" + version + "\"" + (members.isEmpty() ? "" : "," + members) + "}");
    return core.config().syncNow();
  }

  private List<String> lastProblems() {
    return configEvents.get(configEvents.size() - 1).problems();
  }

  private SliceRoute route(Intent intent) {
    return steering.route(intent, URI.create(edge.uri() + "/v1/" + intent.name()));
  }

  /** Makes one real call of the intent and answers the source address the plane saw it come from. */
  private String sourceOfACall(Intent intent) {
    String path = "/v1/" + intent.name() + "/" + calls++;
    var unused = core.call(intent, EdgeRequest.builder("POST", path)
        .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").build());
    List<String> sources = new ArrayList<>();
    for (ReceivedRequest r : edge.appRequests()) {
      if (r.target().equals(path)) {
        sources.add(r.sourceAddress());
      }
    }
    assertThat(sources).as("the plane saw %s once", path).hasSize(1);
    return sources.get(0);
  }

  private double skippedCount(String reason) {
    Counter c = registry.find("microevent.slices.reservations.skipped").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aReservation_movesPaymentsOntoTheCheckoutSlice_withinOneSync_aheadOfThePlansRules() {
    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(sourceOfACall(Intent.PAYMENT)).isEqualTo(DEFAULT_ADDRESS);

    assertThat(publish("v1", PRESET)).isEqualTo(SyncResult.APPLIED);

    SliceRoute payment = route(Intent.PAYMENT);
    assertThat(payment.slice()).isEqualTo(SliceId.of("checkout"));
    assertThat(payment.rulePrecedence()).as("a reservation, not a rule, chose it").isEqualTo(OptionalInt.empty());
    assertThat(payment.isFallback()).isFalse();
    assertThat(sourceOfACall(Intent.PAYMENT)).isEqualTo(CHECKOUT_ADDRESS);
    assertThat(route(Intent.READ).slice()).as("the reservation wins over the match-all rule")
        .isEqualTo(SliceId.of("streaming"));
    assertThat(sourceOfACall(Intent.READ)).isEqualTo(STREAM_ADDRESS);
    assertThat(route(Intent.TELEMETRY).slice()).as("an intent not reserved keeps the plan's rules")
        .isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(sourceOfACall(Intent.TELEMETRY)).isEqualTo(DEFAULT_ADDRESS);
    assertThat(steering.reservations()).isEqualTo(new SliceReservations(Map.of(
        Intent.PAYMENT, SliceId.of("checkout"),
        Intent.STREAM_UPLINK, SliceId.of("streaming"),
        Intent.READ, SliceId.of("streaming")), List.of()));
  }

  @Test
  void aDocumentWithoutTheSection_putsThePlansRulesBack() {
    publish("v1", PRESET);
    assertThat(sourceOfACall(Intent.PAYMENT)).isEqualTo(CHECKOUT_ADDRESS);

    assertThat(publish("v2", "\"flags\":{\"x\":true}")).isEqualTo(SyncResult.APPLIED);

    assertThat(steering.reservations()).isEqualTo(SliceReservations.NONE);
    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(sourceOfACall(Intent.PAYMENT)).isEqualTo(DEFAULT_ADDRESS);
    assertThat(route(Intent.READ).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.of("streaming"));
    assertThat(route(Intent.STREAM_UPLINK).rulePrecedence()).isEqualTo(OptionalInt.of(20));
  }

  @Test
  void aMalformedSection_rejectsTheWholeDocument_andTheRunningReservationStays() {
    publish("v1", PRESET);

    SyncResult r = publish("v2", "\"flags\":{\"x\":true},\"slices\":{"
        + "\"checkout\":{\"intents\":[\"payment\"],\"weight\":2},"
        + "\"streaming\":{\"intents\":[\"payment\",\"loyalty\"]}}");

    assertThat(r).isEqualTo(SyncResult.REJECTED);
    assertThat(lastProblems()).containsExactlyInAnyOrder(
        "$.slices.checkout.weight: unknown member (known: intents)",
        "$.slices.streaming.intents[0]: 'payment' is reserved for checkout already; an intent leaves through one slice",
        "$.slices.streaming.intents[1]: unknown intent 'loyalty' (known: payment, gate_scan, control, read, "
            + "stream_uplink, telemetry)");
    assertThat(core.config().current().version()).isEqualTo("v1");
    assertThat(core.config().flag("x", false)).as("the core's sections of the refused document are not applied")
        .isFalse();
    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.of("checkout"));
    assertThat(sourceOfACall(Intent.PAYMENT)).isEqualTo(CHECKOUT_ADDRESS);
  }

  @Test
  void anAppIntentTheCoreKnowsByItsPolicy_canBeReserved_thoughThePlanNeverNamesIt() throws Exception {
    Intent loyalty = Intent.of("loyalty", Criticality.DEGRADED, Intent.Idempotence.IDEMPOTENT);
    SliceSteering own = SliceSteering.of(plan());
    try (MicroEventClient app = MicroEventClient.builder()
        .addEdgePlane(edge.plane())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .policy(loyalty, IntentPolicy.defaultsFor(loyalty))
        .install(own)
        .build()) {
      edge.configDocument("{\"version\":\"v1\",\"slices\":{\"streaming\":{\"intents\":[\"loyalty\"]}}}");

      assertThat(app.config().syncNow()).isEqualTo(SyncResult.APPLIED);
      assertThat(own.route(loyalty, URI.create(edge.uri() + "/v1/loyalty")).slice())
          .isEqualTo(SliceId.of("streaming"));
    }
  }

  @Test
  void aSliceThisAppsPlanDoesNotHave_isSkippedAndCountedOncePerDocument_notRejected() {
    String members = "\"slices\":{\"vip\":{\"intents\":[\"payment\"]},\"streaming\":{\"intents\":[\"read\"]},"
        + "\"checkout\":{\"intents\":[\"telemetry\"]}}";

    assertThat(publish("v1", members)).isEqualTo(SyncResult.APPLIED);

    assertThat(steering.reservations().byIntent()).isEqualTo(Map.of(Intent.READ, SliceId.of("streaming")));
    assertThat(steering.reservations().skipped()).containsExactly(
        "vip: not a slice of this app's plan (payment)",
        "checkout: reserved for [PAYMENT] by this app's plan (telemetry)");
    assertThat(route(Intent.PAYMENT).slice()).as("the plan's rule").isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(route(Intent.TELEMETRY).slice()).as("the plan's rule").isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(sourceOfACall(Intent.READ)).isEqualTo(STREAM_ADDRESS);
    assertThat(skippedCount("unknown_slice")).isEqualTo(1);
    assertThat(skippedCount("exclusive")).isEqualTo(1);

    core.config().syncNow(); // the same document again: nothing new to apply or count
    assertThat(publish("v2", members)).isEqualTo(SyncResult.APPLIED);

    assertThat(skippedCount("unknown_slice")).isEqualTo(2);
    assertThat(skippedCount("exclusive")).isEqualTo(2);
  }

  @Test
  void reservingTheDefaultNetwork_takesAnIntentOffTheSliceItsRuleChooses() {
    assertThat(publish("v1", "\"slices\":{\"default\":{\"intents\":[\"stream_uplink\"]}}"))
        .isEqualTo(SyncResult.APPLIED);

    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(route(Intent.STREAM_UPLINK).rulePrecedence()).isEqualTo(OptionalInt.empty());
    assertThat(sourceOfACall(Intent.STREAM_UPLINK)).isEqualTo(DEFAULT_ADDRESS);
  }

  @Test
  void whileTheReservedSliceIsDown_theIntentFollowsThePlansRules_andComesBackWithTheSlice() {
    publish("v1", PRESET);

    steering.reportOutage(SliceId.of("checkout"), "booking released");

    SliceRoute payment = route(Intent.PAYMENT);
    assertThat(payment.slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(payment.rulePrecedence()).isEqualTo(OptionalInt.of(255));
    assertThat(payment.skipped()).containsExactly("checkout: DOWN (reported: booking released)");
    assertThat(sourceOfACall(Intent.PAYMENT)).isEqualTo(DEFAULT_ADDRESS);
    assertThat(sliceEvents.failovers).singleElement().satisfies(f -> {
      assertThat(f.intent()).isEqualTo(Intent.PAYMENT);
      assertThat(f.from()).isEqualTo(SliceId.of("checkout"));
      assertThat(f.to()).isEqualTo(SliceId.DEFAULT_NETWORK);
    });

    recover();

    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.of("checkout"));
  }

  private double failoverCount() {
    return registry.find("microevent.slices.failovers").counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Lets the probes find the slices' addresses usable again. */
  private void recover() {
    SliceHealthConfig health = steering.plan().health();
    time.advance(health.probeInterval().multipliedBy(health.healthyThreshold()));
  }

  @Test
  void aReservationReappliedOrRemovedAndAddedBack_reportsOneFailoverPerOutage_andANewOneAfterRecovery() {
    SliceId streaming = SliceId.of("streaming");
    publish("v1", PRESET); // streams reserved on the slice their rule prefers too
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(streaming);
    publish("v2", "");
    assertThat(route(Intent.STREAM_UPLINK).slice()).as("the plan's rule 20").isEqualTo(streaming);

    steering.reportOutage(streaming, "booking released");
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    assertThat(sliceEvents.failovers).hasSize(1);

    publish("v3", PRESET); // reserved again while the slice is still out
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);
    publish("v4", PRESET); // the same reservation re-applied by a new document
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);

    assertThat(sliceEvents.failovers).as("one outage, one failover").singleElement().satisfies(f -> {
      assertThat(f.from()).isEqualTo(streaming);
      assertThat(f.to()).isEqualTo(SliceId.DEFAULT_NETWORK);
    });
    assertThat(failoverCount()).isEqualTo(1);

    recover();
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(streaming);
    steering.reportOutage(streaming, "booking released again");
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);

    assertThat(sliceEvents.failovers).extracting(f -> f.from() + "->" + f.to()).as("back, then a new outage")
        .containsExactly("streaming->default", "default->streaming", "streaming->default");
    assertThat(failoverCount()).isEqualTo(3);
  }

  @Test
  void aReservationMovedBackAndForthBetweenHealthySlices_reportsEveryMove() {
    String onCheckout = "\"slices\":{\"checkout\":{\"intents\":[\"payment\"]}}";
    String onStreaming = "\"slices\":{\"streaming\":{\"intents\":[\"payment\"]}}";
    publish("v1", onCheckout);
    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.of("checkout"));
    publish("v2", onStreaming);
    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.of("streaming"));
    publish("v3", onCheckout);
    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.of("checkout"));
    publish("v4", onStreaming);
    assertThat(route(Intent.PAYMENT).slice()).isEqualTo(SliceId.of("streaming"));

    assertThat(sliceEvents.failovers).extracting(f -> f.from() + "->" + f.to())
        .as("no slice changed health, yet each move is the plane's new choice")
        .containsExactly("checkout->streaming", "streaming->checkout", "checkout->streaming");
    assertThat(failoverCount()).isEqualTo(3);
  }

  @Test
  void aReservationRemovedDuringAnOutage_doesNotReportTheFailoverAgainUnderThePlansRule() {
    SliceId streaming = SliceId.of("streaming");
    publish("v1", PRESET);
    steering.reportOutage(streaming, "booking released");
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);

    publish("v2", ""); // the plan's rule 20 prefers the same slice, still out
    assertThat(route(Intent.STREAM_UPLINK).slice()).isEqualTo(SliceId.DEFAULT_NETWORK);

    assertThat(sliceEvents.failovers).singleElement().satisfies(f -> {
      assertThat(f.from()).isEqualTo(streaming);
      assertThat(f.to()).isEqualTo(SliceId.DEFAULT_NETWORK);
    });
    assertThat(failoverCount()).isEqualTo(1);
  }

  @Test
  void hostileSections_areProblemsThatRejectTheDocument_neverExceptions() {
    publish("v1", PRESET);
    List<String> hostile = List.of(
        "\"checkout\"", "42", "null", "[]", "true",
        "{\"checkout\":[]}",
        "{\"checkout\":null}",
        "{\"checkout\":{}}",
        "{\"checkout\":{\"intents\":\"payment\"}}",
        "{\"checkout\":{\"intents\":[1,{\"a\":[]},null,true,[\"payment\"]]}}",
        "{\"checkout\":{\"intents\":[\"payment\",\"payment\"]}}",
        "{\"checkout\":{\"intents\":" + repeat("\"payment\"", 10_000) + "}}",
        "{\"checkout\":{\"intents\":[\"" + "x".repeat(900) + "\"]}}",
        "{\"" + "Not A Slice!".repeat(40) + "\":{\"intents\":[\"payment\"]}}",
        "{\"checkout\":{\"intents\":" + "[".repeat(40) + "]".repeat(40) + "}}",
        manySlices(17));
    int version = 2;
    for (String section : hostile) {
      SyncResult r = publish("v" + version++, "\"slices\":" + section);

      assertThat(r).as(section).isEqualTo(SyncResult.REJECTED);
      assertThat(lastProblems()).as(section).isNotEmpty().allSatisfy(p -> {
        assertThat(p).startsWith("$.slices");
        assertThat(p.length()).as("a problem quotes the input briefly").isLessThan(400);
      });
      assertThat(core.config().current().version()).isEqualTo("v1");
      assertThat(route(Intent.PAYMENT).slice()).as(section).isEqualTo(SliceId.of("checkout"));
    }
    assertThat(manySlicesReservations(16)).as("16 slices are allowed").isEqualTo(SyncResult.APPLIED);
  }

  private SyncResult manySlicesReservations(int n) {
    return publish("many", "\"slices\":" + manySlices(n));
  }

  /** n slices this app does not have, each reserving a distinct built-in intent (or none). */
  private static String manySlices(int n) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":{\"intents\":[]}");
    }
    return sb.append('}').toString();
  }

  private static String repeat(String element, int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(element);
    }
    return sb.append(']').toString();
  }
}
