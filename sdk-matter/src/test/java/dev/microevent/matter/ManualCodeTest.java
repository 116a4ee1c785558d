package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.matter.internal.Verhoeff;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Manual pairing codes: every vector both directions, separators, and typed errors for hostile codes. */
class ManualCodeTest {
  static final List<PayloadVectors.Vector> VECTORS = PayloadVectors.ALL;

  private static void assertProblem(ThrowingCallable call, Class<? extends PayloadException> type,
      PayloadProblem problem) {
    assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  private static String withCheck(String digits) {
    return digits + Verhoeff.checkDigit(digits);
  }

  @ParameterizedTest
  @FieldSource("VECTORS")
  void writesAndReadsEveryVector(PayloadVectors.Vector v) {
    assertThat(ManualCode.format(v.payload())).isEqualTo(v.manual());
    for (ValidationMode mode : ValidationMode.values()) {
      OnboardingPayload p = ManualCode.parse(v.manual(), mode);
      assertThat(p.passcode()).isEqualTo(v.passcode());
      assertThat(p.discriminator()).isEqualTo(Discriminator.ofShort(v.discriminator() >> 8));
      assertThat(p.discriminator().matches(Discriminator.ofLong(v.discriminator()))).isTrue();
      assertThat(p.discoveryCapabilities()).isEmpty();
      boolean standard = v.flow() == CommissioningFlow.STANDARD;
      assertThat(p.commissioningFlow()).isEqualTo(standard ? CommissioningFlow.STANDARD : CommissioningFlow.CUSTOM);
      assertThat(p.vendorId().value()).isEqualTo(standard ? 0 : v.vendor());
      assertThat(p.productId().value()).isEqualTo(standard ? 0 : v.product());
    }
  }

  @ParameterizedTest
  @CsvSource({
      "24129507533, 12345679, 10, 0, 0",                 // chip TestManualCode, standard flow
      "641295075300001000017, 12345679, 10, 1, 1",       // the same, custom flow, vendor 1 product 1
      "26318621095, 34567890, 11, 0, 0",                 // matter.js PairingCodeSchemaTest
      "1604-371-4310, 23456789, 7, 0, 0",                // matter.js, dashed
      "3497 011 2332, 20202021, 15, 0, 0",
      "3497-011-2332, 20202021, 15, 0, 0"})
  void readsUpstreamManualOnlyVectors(String code, int passcode, int shortDiscriminator, int vendor, int product) {
    OnboardingPayload p = ManualCode.parse(code, ValidationMode.STRICT);
    assertThat(p.passcode()).isEqualTo(passcode);
    assertThat(p.discriminator()).isEqualTo(Discriminator.ofShort(shortDiscriminator));
    assertThat(p.vendorId().value()).isEqualTo(vendor);
    assertThat(p.productId().value()).isEqualTo(product);
    assertThat(ManualCode.format(p)).isEqualTo(code.replaceAll("[- ]", ""));
  }

  @Test
  void writesTheShortFormForTheStandardFlowEvenWithVendorAndProduct() {
    OnboardingPayload p = OnboardingPayload.builder().vendorId(VendorId.of(45367)).productId(ProductId.of(14526))
        .discriminator(Discriminator.ofLong(2560)).passcode(12345679).build();
    assertThat(ManualCode.format(p)).isEqualTo("24129507533");
    assertThat(ManualCode.format(p.toBuilder().commissioningFlow(CommissioningFlow.CUSTOM).build()))
        .isEqualTo(withCheck("64129507534536714526"));
  }

  @Test
  void refusesTheBannedPasscodeOfAnOldMatterJsVector() {
    // matter.js's PairingCodeSchemaTest once encoded 12345678 as "0085 260 7537"; the specification bans it.
    assertProblem(() -> ManualCode.parse("0085 260 7537"), InvalidPayloadException.class,
        PayloadProblem.INVALID_PASSCODE);
  }

  @Test
  void refusesTheUpstreamSuitesInvalidEntries() {
    assertProblem(() -> ManualCode.parse(""), MalformedPayloadException.class, PayloadProblem.EMPTY);
    assertProblem(() -> ManualCode.parse("--- -"), MalformedPayloadException.class, PayloadProblem.EMPTY);
    assertThatThrownBy(() -> ManualCode.parse("24184.2196" + "0"))
        .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
          assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_CHARACTER);
          assertThat(e.position()).isEqualTo(5);
        });
    for (String tooShortOrLong : List.of("2456", "123456789123456785671", "12749875380", "23456789123456785610")) {
      assertProblem(() -> ManualCode.parse(withCheck(tooShortOrLong)), MalformedPayloadException.class,
          PayloadProblem.INVALID_LENGTH);
    }
    assertProblem(() -> ManualCode.parse(withCheck("2327680000")), InvalidPayloadException.class,
        PayloadProblem.INVALID_PASSCODE);
    assertProblem(() -> ManualCode.parse("02684354589"), MalformedPayloadException.class,
        PayloadProblem.CHECK_DIGIT_MISMATCH);
    // chip's vectors with passcode 123456780 decode (ManualDigitsTest) but are out of range for a real code.
    assertProblem(() -> ManualCode.parse(withCheck("236-108753-5".replace("-", ""))), InvalidPayloadException.class,
        PayloadProblem.INVALID_PASSCODE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"34970112333", "34970112323", "43970112332", "34970121332"})
  void aMistypedOrSwappedDigitFailsTheCheckDigit(String typo) {
    assertThatThrownBy(() -> ManualCode.parse(typo)).isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
      assertThat(e.problem()).isEqualTo(PayloadProblem.CHECK_DIGIT_MISMATCH);
      assertThat(e.getMessage()).doesNotContain(typo).doesNotContain("20202021");
    });
  }

  @Test
  void scannersAlsoIgnoreOtherWhitespace_producersOnlyDashesAndSpaces() {
    assertThat(ManualCode.parse("\t3497-011-2332\n").passcode()).isEqualTo(20202021);
    assertProblem(() -> ManualCode.parse("\t3497-011-2332\n", ValidationMode.STRICT), MalformedPayloadException.class,
        PayloadProblem.INVALID_CHARACTER);
  }

  @Test
  void aFutureVersionAndReservedVendorsAreInvalid() {
    assertProblem(() -> ManualCode.parse(withCheck("8497011233")), InvalidPayloadException.class,
        PayloadProblem.UNSUPPORTED_VERSION);
    assertProblem(() -> ManualCode.parse(withCheck("74549207536553500001")), InvalidPayloadException.class,
        PayloadProblem.INVALID_VENDOR_ID);
    assertProblem(() -> ManualCode.parse(withCheck("74549207530000100000")), InvalidPayloadException.class,
        PayloadProblem.INVALID_PRODUCT_ID);
  }

  @Test
  void anOversizeInputIsTooLong() {
    assertProblem(() -> ManualCode.parse("1".repeat(ManualCode.MAX_LENGTH + 1)), MalformedPayloadException.class,
        PayloadProblem.TOO_LONG);
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void randomPayloadsRoundTripWhatTheCodeCarries(ValidationMode mode) {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 2_000; i++) {
      OnboardingPayload p = Payloads.random(random);
      OnboardingPayload back = ManualCode.parse(ManualCode.format(p), mode);
      assertThat(back.passcode()).isEqualTo(p.passcode());
      assertThat(back.discriminator()).isEqualTo(p.discriminator().toShort());
      if (p.commissioningFlow() != CommissioningFlow.STANDARD) {
        assertThat(back.vendorId()).isEqualTo(p.vendorId());
        assertThat(back.productId()).isEqualTo(p.productId());
      }
    }
  }
}
