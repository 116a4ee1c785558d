package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The payload type: the rules every instance keeps, the passcode kept out of sight, and the TLV helpers. */
class OnboardingPayloadTest {
  private static final OnboardingPayload LIGHT = OnboardingPayload.builder().vendorId(VendorId.TEST_VENDOR_1)
      .productId(ProductId.of(0x8000)).discoveryCapabilities(DiscoveryCapabilities.of(DiscoveryCapability.ON_NETWORK))
      .discriminator(Discriminator.ofLong(3840)).passcode(20202021).build();

  private static void assertProblem(ThrowingCallable call, PayloadProblem problem) {
    assertThatThrownBy(call).isInstanceOfSatisfying(InvalidPayloadException.class,
        e -> assertThat(e.problem()).isEqualTo(problem));
  }

  @Test
  void theJavadocExampleHolds() {
    assertThat(QrCode.format(LIGHT)).isEqualTo("MT:Y.K90AFN00KA0648G00");
    assertThat(ManualCode.format(LIGHT)).isEqualTo("34970112332");
    assertThat(OnboardingPayload.parse("3497-011-2332").passcode()).isEqualTo(20202021);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 99_999_999, 134_217_727, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666,
      77777777, 88888888, 12345678, 87654321})
  void refusesPasscodesOutOfRangeOrBanned(int passcode) {
    assertThat(OnboardingPayload.isValidPasscode(passcode)).isFalse();
    assertProblem(() -> LIGHT.toBuilder().passcode(passcode).build(), PayloadProblem.INVALID_PASSCODE);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2048, 20202021, 99_999_998, 12345679, 99999998})
  void acceptsValidPasscodes(int passcode) {
    assertThat(OnboardingPayload.isValidPasscode(passcode)).isTrue();
    assertThat(LIGHT.toBuilder().passcode(passcode).build().passcode()).isEqualTo(passcode);
  }

  @Test
  void enforcesVendorProductAndDiscriminatorRules() {
    assertProblem(() -> VendorId.of(0xFFF5), PayloadProblem.INVALID_VENDOR_ID);
    assertProblem(() -> VendorId.of(-1), PayloadProblem.INVALID_VENDOR_ID);
    assertProblem(() -> ProductId.of(0x10000), PayloadProblem.INVALID_PRODUCT_ID);
    assertProblem(() -> LIGHT.toBuilder().productId(ProductId.UNSPECIFIED).build(), PayloadProblem.INVALID_PRODUCT_ID);
    assertThat(LIGHT.toBuilder().vendorId(VendorId.UNSPECIFIED).productId(ProductId.UNSPECIFIED).build().vendorId()
        .isSpecified()).isFalse();
    assertProblem(() -> Discriminator.ofLong(4096), PayloadProblem.INVALID_DISCRIMINATOR);
    assertProblem(() -> Discriminator.ofShort(16), PayloadProblem.INVALID_DISCRIMINATOR);
    assertProblem(() -> OnboardingPayload.builder().passcode(20202021).build(), PayloadProblem.INVALID_DISCRIMINATOR);
    assertProblem(() -> new DiscoveryCapabilities(256), PayloadProblem.UNKNOWN_DISCOVERY_CAPABILITY);
    assertThat(VendorId.of(0xFFF4).isTestVendor()).isTrue();
    assertThat(VendorId.of(0xFFF0).isTestVendor()).isFalse();
  }

  @Test
  void neverShowsThePasscode() {
    assertThat(LIGHT.toString()).doesNotContain("20202021").contains("redacted");
    assertThatThrownBy(() -> LIGHT.toBuilder().productId(ProductId.UNSPECIFIED).build())
        .hasMessageNotContaining("20202021");
    ExpectedDevice d = ExpectedDevice.builder().id(DeviceId.of("light")).payload(LIGHT)
        .role(dev.microevent.core.Criticality.CRITICAL).build();
    assertThat(d.toString()).doesNotContain("20202021").doesNotContain(d.pairingCode());
  }

  @Test
  void drawsRandomPasscodesThatAreAlwaysValid_againWhileBanned() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      assertThat(OnboardingPayload.isValidPasscode(OnboardingPayload.randomPasscode(random))).isTrue();
    }
    int[] draws = {12345677, 20202020}; // nextInt(bound) + 1: banned 12345678 first, then 20202021
    RandomGenerator scripted = new RandomGenerator() {
      private int next;

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int nextInt(int bound) {
        return draws[next++];
      }
    };
    assertThat(OnboardingPayload.randomPasscode(scripted)).isEqualTo(20202021);
  }

  @Test
  void parseTellsTheTwoKindsOfCodeApart() {
    assertThat(OnboardingPayload.parse("MT:Y.K90AFN00KA0648G00")).isEqualTo(LIGHT);
    assertThat(OnboardingPayload.parse("https://x.example/%MT:Y.K90AFN00KA0648G00%")).isEqualTo(LIGHT);
    assertThat(OnboardingPayload.parse("34970112332").discriminator()).isEqualTo(Discriminator.ofShort(15));
    assertThatThrownBy(() -> OnboardingPayload.parse("MT:Y.K90AFN00KA0648G00*Y.K90AFN00KA0648G00"))
        .isInstanceOfSatisfying(MalformedPayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.MULTIPLE_PAYLOADS));
  }

  @Test
  void setsReplacesAndRemovesTheSerialNumber_keepingOtherElements() {
    OnboardingPayload withSerial = LIGHT.toBuilder().serialNumber("1234567890").build();
    assertThat(HexFormat.of().formatHex(withSerial.extensionData())).isEqualTo("152c000a313233343536373839301" + "8");
    assertThat(QrCode.parse(QrCode.format(withSerial), ValidationMode.STRICT).serialNumber()).contains("1234567890");

    byte[] vendorAndSerial = HexFormat.of().parseHex("152C810656656E646F722C000A3132333435363738393018");
    OnboardingPayload replaced = LIGHT.toBuilder().extensionData(vendorAndSerial).serialNumber("X-1").build();
    assertThat(HexFormat.of().formatHex(replaced.extensionData())).isEqualTo("152c810656656e646f722c0003582d3118");
    OnboardingPayload removed = replaced.toBuilder().serialNumber(null).build();
    assertThat(removed.serialNumber()).isEmpty();
    assertThat(HexFormat.of().formatHex(removed.extensionData())).isEqualTo("152c810656656e646f7218");
    assertThat(removed.toBuilder().extensionData(new byte[0]).serialNumber(null).build()).isEqualTo(LIGHT);

    assertThatThrownBy(() -> LIGHT.toBuilder().serialNumber("x".repeat(33))).isInstanceOf(InvalidPayloadException.class);
    OnboardingPayload opaque = QrCode.parse(PayloadVectors.MATTER_JS_WITH_TLV);
    assertThatThrownBy(() -> opaque.toBuilder().serialNumber("1")).isInstanceOf(MalformedPayloadException.class);
    assertThatThrownBy(() -> LIGHT.toBuilder().extensionData(new byte[] {1, 2, 3}))
        .isInstanceOf(MalformedPayloadException.class);
  }

  @Test
  void equalPayloadsAreEqual_andToBuilderKeepsEverything() {
    OnboardingPayload withSerial = LIGHT.toBuilder().serialNumber("SN").build();
    assertThat(withSerial.toBuilder().build()).isEqualTo(withSerial).hasSameHashCodeAs(withSerial);
    assertThat(withSerial).isNotEqualTo(LIGHT);
    assertThat(LIGHT.toBuilder().passcode(20202022).build()).isNotEqualTo(LIGHT);
    assertThat(LIGHT.toBuilder().discoveryCapabilities(null).build()).isNotEqualTo(LIGHT);
  }

  @Test
  void discriminatorsMatchByTheirShortFormWhenOneIsShort() {
    assertThat(Discriminator.ofLong(3840).matches(Discriminator.ofShort(15))).isTrue();
    assertThat(Discriminator.ofShort(15).matches(Discriminator.ofLong(0xFFF))).isTrue();
    assertThat(Discriminator.ofLong(3840).matches(Discriminator.ofLong(3841))).isFalse();
    assertThat(Discriminator.ofLong(3840).matches(Discriminator.ofShort(14))).isFalse();
  }

  @Test
  void nodeIdsAreUnsigned64Bit() {
    MatterNodeId big = MatterNodeId.of(Long.parseUnsignedLong("14568610893607323429"));
    assertThat(big.toString()).isEqualTo("14568610893607323429");
    assertThatThrownBy(() -> MatterNodeId.of(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
