package dev.microevent.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** S-NSSAI, SST, 5QI and DSCP values follow 3GPP and RFC 4594. */
class SliceModelTest {

  @Test
  void snssaiParsesAndPrintsTheSstAndTheSixHexDigitSd() {
    Snssai s = Snssai.parse("2-00C0DE");

    assertThat(s).isEqualTo(Snssai.of(SliceServiceType.URLLC, 0xC0DE));
    assertThat(s.toString()).isEqualTo("2-00C0DE");
    assertThat(s.serviceType()).contains(SliceServiceType.URLLC);
    assertThat(s.hasSd()).isTrue();
    assertThat(Snssai.parse("1")).isEqualTo(Snssai.of(SliceServiceType.EMBB));
    assertThat(Snssai.parse("1").hasSd()).isFalse();
    assertThat(Snssai.parse("1").toString()).isEqualTo("1");
  }

  @Test
  void snssaiKnowsTheOperatorSpecificRange_andRejectsValuesBeyondItsBits() {
    assertThat(Snssai.of(200, 0x1).operatorSpecific()).isTrue();
    assertThat(Snssai.of(200, 0x1).serviceType()).isEmpty();
    assertThatThrownBy(() -> Snssai.of(256, 1)).hasMessageContaining("8 bits");
    assertThatThrownBy(() -> Snssai.of(1, 0x1000000)).hasMessageContaining("24 bits");
    assertThatThrownBy(() -> Snssai.parse("one-ABCDEF")).hasMessageContaining("six hex digits");
    assertThatThrownBy(() -> Snssai.parse("1-ABC")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void standardSliceServiceTypesCarryTheirSstValues() {
    assertThat(SliceServiceType.values()).extracting(SliceServiceType::value).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(SliceServiceType.of(4)).contains(SliceServiceType.V2X);
    assertThat(SliceServiceType.of(99)).isEmpty();
  }

  @Test
  void standardFiveQisCarryThe3gppCharacteristics() {
    FiveQi uplink = FiveQi.standard(71);
    FiveQi interactive = FiveQi.standard(7);
    FiveQi automation = FiveQi.standard(82);

    assertThat(uplink.resourceType()).isEqualTo(FiveQi.ResourceType.GBR);
    assertThat(uplink.priorityLevel()).isEqualTo(56);
    assertThat(uplink.packetDelayBudget()).isEqualTo(Duration.ofMillis(150));
    assertThat(uplink.packetErrorRate()).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(interactive.resourceType()).isEqualTo(FiveQi.ResourceType.NON_GBR);
    assertThat(interactive.packetDelayBudget()).isEqualTo(Duration.ofMillis(100));
    assertThat(automation.resourceType()).isEqualTo(FiveQi.ResourceType.DELAY_CRITICAL_GBR);
    assertThat(automation.maxDataBurstBytes()).contains(255);
    assertThat(uplink.maxDataBurstBytes()).isEmpty();
    assertThat(FiveQi.standardValues()).hasSize(32).containsKeys(1, 9, 80, 90);
    assertThatThrownBy(() -> FiveQi.standard(11)).hasMessageContaining("custom");
  }

  @Test
  void customFiveQisAreValidated() {
    FiveQi op = FiveQi.custom(130, FiveQi.ResourceType.NON_GBR, 15, Duration.ofMillis(40), 4);

    assertThat(op.packetErrorRate()).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
    assertThatThrownBy(() -> FiveQi.custom(130, FiveQi.ResourceType.GBR, 0, Duration.ofMillis(40), 4))
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> FiveQi.custom(130, FiveQi.ResourceType.GBR, 10, Duration.ZERO, 4))
        .hasMessageContaining("delay budget");
  }

  @Test
  void dscpSitsInTheUpperSixBitsOfTheTrafficClass() {
    assertThat(Dscp.AF21.trafficClass()).isEqualTo(72);
    assertThat(Dscp.CS4.trafficClass()).isEqualTo(128);
    assertThat(Dscp.EF.trafficClass()).isEqualTo(184);
    assertThatThrownBy(() -> new Dscp(64)).hasMessageContaining("6 bits");
  }

  @Test
  void sliceIdsAreMetricTokens_andDefaultIsReservedForTheDefaultNetwork() {
    assertThatThrownBy(() -> SliceId.of("Checkout Slice")).hasMessageContaining("metric tag");
    assertThatThrownBy(() -> Slice.builder(SliceId.DEFAULT_NETWORK)).hasMessageContaining("default network");
    assertThat(SliceId.DEFAULT_NETWORK.isDefaultNetwork()).isTrue();
  }

  @Test
  void slicesRoundTripThroughTheirBuilder() {
    Slice s = Slice.builder(SliceId.of("checkout")).snssai(Snssai.of(SliceServiceType.URLLC, 1))
        .qos(FiveQi.standard(7)).dscp(Dscp.AF21).exclusiveTo(dev.microevent.core.Intent.PAYMENT)
        .availabilityTarget(0.999).build();

    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s.admits(dev.microevent.core.Intent.PAYMENT)).isTrue();
    assertThat(s.admits(dev.microevent.core.Intent.STREAM_UPLINK)).isFalse();
    assertThatThrownBy(() -> Slice.builder(SliceId.of("x")).availabilityTarget(1.0))
        .hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> Slice.builder(SliceId.of("x"))
        .proxy(java.net.InetSocketAddress.createUnresolved("proxy.local", 3128))).hasMessageContaining("unresolved");
  }
}
