package dev.microevent.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import dev.microevent.core.Intent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** URSP-like rules: precedence, traffic descriptors, route selection, and the isolation check. */
class SlicePlanTest {
  private static final Slice CHECKOUT = Slice.builder(SliceId.of("checkout")).exclusiveTo(Intent.PAYMENT).build();
  private static final Slice STREAMING = Slice.builder(SliceId.of("streaming")).build();

  @Test
  void thePlaybookSendsPaymentsToCheckout_streamsToStreaming_andTheRestToTheDefaultNetwork() {
    SlicePlan plan = SlicePlan.playbook(CHECKOUT, STREAMING);

    assertThat(plan.match(Intent.PAYMENT, "api.example.com", 443, null).orElseThrow().routes())
        .containsExactly(CHECKOUT.id(), SliceId.DEFAULT_NETWORK);
    assertThat(plan.match(Intent.STREAM_UPLINK, null, -1, null).orElseThrow().routes())
        .containsExactly(STREAMING.id(), SliceId.DEFAULT_NETWORK);
    assertThat(plan.match(Intent.READ, null, -1, null).orElseThrow().routes()).containsExactly(SliceId.DEFAULT_NETWORK);
    assertThat(plan.match(Intent.of("loyalty", Criticality.NON_ESSENTIAL, Intent.Idempotence.IDEMPOTENT), null, -1,
        null).orElseThrow().isMatchAll()).isTrue();
  }

  @Test
  void rulesAreEvaluatedByPrecedence_andEveryGivenComponentMustMatch() {
    SlicePlan plan = SlicePlan.builder().addSlice(CHECKOUT).addSlice(STREAMING)
        .addRule(SliceRule.builder(50).intents(Intent.PAYMENT).routes(CHECKOUT.id()).build())
        .addRule(SliceRule.builder(5).intents(Intent.PAYMENT).host("*.psp.example.com").ports(443, 443)
            .path("/v2/*").routes(SliceId.DEFAULT_NETWORK).build())
        .build();

    assertThat(plan.rules()).extracting(SliceRule::precedence).containsExactly(5, 50);
    assertThat(plan.match(Intent.PAYMENT, "EU.PSP.example.com", 443, "/v2/charge?x=1").orElseThrow().precedence())
        .isEqualTo(5);
    assertThat(plan.match(Intent.PAYMENT, "eu.psp.example.com", 8443, "/v2/charge").orElseThrow().precedence())
        .isEqualTo(50);
    assertThat(plan.match(Intent.PAYMENT, "eu.psp.example.com", 443, "/v1/charge").orElseThrow().precedence())
        .isEqualTo(50);
    assertThat(plan.match(Intent.PAYMENT, "eu.psp.example.com", 443, null).orElseThrow().precedence())
        .as("a path pattern never matches an unknown path").isEqualTo(50);
    assertThat(plan.match(Intent.READ, "eu.psp.example.com", 443, "/v2/x")).isEmpty();
  }

  @Test
  void aRuleMayNotPutAnotherIntentOntoAReservedSlice() {
    assertThatThrownBy(() -> SlicePlan.builder().addSlice(CHECKOUT).addSlice(STREAMING)
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK).routes(STREAMING.id(), CHECKOUT.id()).build())
        .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("STREAM_UPLINK onto slice checkout").hasMessageContaining("borrowing(checkout)");
    assertThatThrownBy(() -> SlicePlan.builder().addSlice(CHECKOUT)
        .addRule(SliceRule.matchAll(255, CHECKOUT.id())).build())
        .hasMessageContaining("matches any intent");
  }

  @Test
  void anExplicitBorrowingRuleMayUseAReservedSlice() {
    SlicePlan plan = SlicePlan.builder().addSlice(CHECKOUT).addSlice(STREAMING)
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK).routes(STREAMING.id(), CHECKOUT.id())
            .borrowing(CHECKOUT.id()).build())
        .build();

    assertThat(plan.rules().get(0).borrowing()).containsExactly(CHECKOUT.id());
  }

  @Test
  void plansAreCheckedForUnknownRoutes_duplicatePrecedences_andASecondMatchAllRule() {
    assertThatThrownBy(() -> SlicePlan.builder()
        .addRule(SliceRule.builder(1).intents(Intent.PAYMENT).routes(SliceId.of("ghost")).build()).build())
        .hasMessageContaining("unknown slice ghost");
    assertThatThrownBy(() -> SlicePlan.builder()
        .addRule(SliceRule.matchAll(1, SliceId.DEFAULT_NETWORK))
        .addRule(SliceRule.matchAll(1, SliceId.DEFAULT_NETWORK)))
        .hasMessageContaining("precedence 1 is already used");
    assertThatThrownBy(() -> SlicePlan.builder()
        .addRule(SliceRule.matchAll(1, SliceId.DEFAULT_NETWORK))
        .addRule(SliceRule.matchAll(2, SliceId.DEFAULT_NETWORK)).build())
        .hasMessageContaining("only one rule may match all");
    assertThatThrownBy(() -> SliceRule.builder(3).build()).hasMessageContaining("at least one route");
    assertThatThrownBy(() -> SliceRule.builder(3).routes(SliceId.DEFAULT_NETWORK, SliceId.DEFAULT_NETWORK))
        .hasMessageContaining("twice");
  }

  /** The snippets of docs/slices.md section 1, as written there: the page must not show a plan build() refuses. */
  @Test
  void theDocPagesSlicesAndCustomPlanBuild() throws Exception {
    Slice checkout = Slice.builder(SliceId.of("checkout"))
        .snssai(Snssai.of(SliceServiceType.URLLC, 0x00C0DE))
        .qos(FiveQi.standard(7))
        .localAddress(InetAddress.getByName("10.64.0.2"))
        .dscp(Dscp.AF21)
        .exclusiveTo(Intent.PAYMENT, Intent.GATE_SCAN)
        .availabilityTarget(0.999)
        .build();
    Slice streaming = Slice.builder(SliceId.of("streaming"))
        .snssai(Snssai.of(SliceServiceType.EMBB, 0x000051))
        .qos(FiveQi.standard(71))
        .proxy(new InetSocketAddress("10.65.0.1", 3128))
        .build();

    SlicePlan playbook = SlicePlan.playbook(checkout, streaming);
    SlicePlan plan = SlicePlan.builder().addSlice(checkout).addSlice(streaming)
        .addRule(SliceRule.builder(10).intents(Intent.PAYMENT, Intent.GATE_SCAN)
            .routes(checkout.id(), SliceId.DEFAULT_NETWORK).build())
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK).host("*.ingest.example.com")
            .routes(streaming.id()).build())
        .addRule(SliceRule.matchAll(255, SliceId.DEFAULT_NETWORK))
        .health(SliceHealthConfig.defaults().withProbeInterval(Duration.ofSeconds(2)))
        .build();

    assertThat(playbook.rules()).hasSize(3);
    assertThat(plan.match(Intent.GATE_SCAN, "gate.example.com", 443, null).orElseThrow().routes().get(0))
        .isEqualTo(checkout.id());
    assertThat(plan.match(Intent.STREAM_UPLINK, "eu.ingest.example.com", 443, null).orElseThrow().routes())
        .containsExactly(streaming.id());
  }

  @Test
  void plansRoundTripThroughTheirBuilder() {
    SlicePlan plan = SlicePlan.playbook(CHECKOUT, STREAMING);

    assertThat(plan.toBuilder().build()).isEqualTo(plan).hasSameHashCodeAs(plan);
  }
}
