package dev.microevent.matter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.matter.PayloadException;
import dev.microevent.matter.PayloadProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The manual code's digit layout at the codec level (no rule checked), against connectedhomeip's
 * TestManualCode.cpp / ManualCodeTest.kt vectors: several of them carry passcodes the public parser
 * refuses (123456780 is out of range), which is why they are checked here.
 */
class ManualDigitsTest {

  private static RawPayload fields(int passcode, int discriminator, boolean shortDiscriminator, boolean vidPid,
      int vendor, int product) {
    return new RawPayload(0, vendor, product, vidPid ? 2 : 0, -1, discriminator, shortDiscriminator, passcode, vidPid,
        new byte[0]);
  }

  private static String withCheck(String digits) {
    return digits + Verhoeff.checkDigit(digits);
  }

  @ParameterizedTest
  @CsvSource({
      "123456780, 2560, false, 0, 0, 2361087535",
      "123456780, 2560, true, 0, 0, 63610875350000000000",
      "123456780, 2560, true, 1, 1, 63610875350000100001",
      "123456780, 2560, true, 45367, 14526, 63610875354536714526",
      "12345679, 2560, false, 0, 0, 2412950753",
      "12345679, 2560, true, 0, 0, 64129507530000000000",
      "12345679, 2560, true, 1, 1, 64129507530000100001",
      "12345679, 2560, true, 45367, 14526, 64129507534536714526",
      "134217727, 4095, true, 65535, 65535, 76553581916553565535"})
  void writesUpstreamVectors(int passcode, int discriminator, boolean vidPid, int vendor, int product, String digits) {
    assertThat(ManualDigits.encode(fields(passcode, discriminator, false, vidPid, vendor, product)))
        .isEqualTo(withCheck(digits));
  }

  @ParameterizedTest
  @CsvSource({
      "2361087535, 123456780, 10, 0, 0",
      "0000010000, 1, 0, 0, 0",
      "63610875350000000000, 123456780, 10, 0, 0",
      "0033407535, 123456780, 0, 0, 0",
      "63610875350000014526, 123456780, 10, 0, 14526",
      "63610875354536700000, 123456780, 10, 45367, 0",
      "63610875354536714526, 123456780, 10, 45367, 14526",
      "52927623630456200032, 38728284, 5, 4562, 32",
      "40000100000000100001, 1, 0, 1, 1"})
  void readsUpstreamVectors(String digits, int passcode, int shortDiscriminator, int vendor, int product) {
    RawPayload p = ManualDigits.decode(withCheck(digits), "test");
    assertThat(p.passcode()).isEqualTo(passcode);
    assertThat(p.discriminator()).isEqualTo(shortDiscriminator);
    assertThat(p.shortDiscriminator()).isTrue();
    assertThat(p.vendorId()).isEqualTo(vendor);
    assertThat(p.productId()).isEqualTo(product);
    assertThat(p.vendorAndProduct()).isEqualTo(digits.length() == 20);
    assertThat(p.flow()).isEqualTo(digits.length() == 20 ? 2 : 0);
  }

  @Test
  void keepsOnlyTheShortDiscriminatorOfALongOne() {
    assertThat(ManualDigits.decode(ManualDigits.encode(fields(12345679, 0xa1f, false, false, 0, 0)), "t")
        .discriminator()).isEqualTo(0xa);
    assertThat(ManualDigits.decode(ManualDigits.encode(fields(12345679, 0xb1f, false, true, 1, 1)), "t")
        .discriminator()).isEqualTo(0xb);
  }

  @Test
  void refusesALeadingDigitThatAnnouncesTheOtherLength() {
    assertThatThrownBy(() -> ManualDigits.decode(withCheck("23456789123456785610"), "t"))
        .isInstanceOfSatisfying(PayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_LENGTH));
    assertThatThrownBy(() -> ManualDigits.decode(withCheck("6361087535"), "t"))
        .isInstanceOfSatisfying(PayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_LENGTH));
  }

  @Test
  void refusesAFutureVersionAndGroupsBeyondTheirBits() {
    assertThatThrownBy(() -> ManualDigits.decode(withCheck("8000010000"), "t"))
        .isInstanceOfSatisfying(PayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.UNSUPPORTED_VERSION));
    assertThatThrownBy(() -> ManualDigits.decode(withCheck("0999990000"), "t"))
        .isInstanceOfSatisfying(PayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.CHUNK_OUT_OF_RANGE));
    assertThatThrownBy(() -> ManualDigits.decode(withCheck("0000019999"), "t"))
        .isInstanceOfSatisfying(PayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.CHUNK_OUT_OF_RANGE));
    assertThatThrownBy(() -> ManualDigits.decode(withCheck("40000100006553600001"), "t"))
        .isInstanceOfSatisfying(PayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_VENDOR_ID));
    assertThatThrownBy(() -> ManualDigits.decode(withCheck("40000100000000165536"), "t"))
        .isInstanceOfSatisfying(PayloadException.class,
            e -> assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_PRODUCT_ID));
  }
}
