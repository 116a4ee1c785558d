package dev.microevent.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import dev.microevent.core.Intent;
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

  @Test
  void plansRoundTripThroughTheirBuilder() {
    SlicePlan plan = SlicePlan.playbook(CHECKOUT, STREAMING);

    assertThat(plan.toBuilder().build()).isEqualTo(plan).hasSameHashCodeAs(plan);
  }
}
