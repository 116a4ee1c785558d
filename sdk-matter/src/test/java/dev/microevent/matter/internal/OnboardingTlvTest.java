package dev.microevent.matter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.matter.InvalidPayloadException;
import dev.microevent.matter.MalformedPayloadException;
import dev.microevent.matter.PayloadProblem;
import dev.microevent.matter.internal.OnboardingTlv.Contents;
import dev.microevent.matter.internal.OnboardingTlv.Element;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The QR payload's TLV data: matter.js PairingCodeSchemaTest and connectedhomeip vectors both
 * directions, the producer rules, the scanner's skipping, and hostile lengths.
 */
class OnboardingTlvTest {
  /** connectedhomeip's optional-data payload: vendor 0x82 "myData", vendor 0x83 = 12, serial "123456789". */
  static final String CHIP_OPTIONAL_DATA = "152c82066d794461746120830c2c000931323334353637383918";

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  private static Contents strict(String h) {
    return OnboardingTlv.read(hex(h), true, "test");
  }

  private static Contents lenient(String h) {
    return OnboardingTlv.read(hex(h), false, "test");
  }

  @Test
  void readsAndWritesTheSpecificationsSerialNumberVectors() {
    Contents text = strict("152C000A3132333435363738393018");
    assertThat(text.elements()).containsExactly(Element.utf8(0, "1234567890"));
    assertThat(OnboardingTlv.write(text.elements())).isEqualTo(hex("152C000A3132333435363738393018"));

    Contents number = strict("152600d202964918");
    assertThat(number.elements()).containsExactly(Element.unsigned(0, 1234567890));
    assertThat(number.get(0).asText()).isEqualTo("1234567890");
    assertThat(OnboardingTlv.write(List.of(Element.unsigned(0, 1234567890)))).isEqualTo(hex("152600d202964918"));
  }

  @Test
  void readsAndWritesVendorElementsBesideTheSerialNumber() {
    Contents c = strict("152C810656656E646F722C000A3132333435363738393018");
    assertThat(c.elements()).containsExactly(Element.utf8(0x81, "Vendor"), Element.utf8(0, "1234567890"));
    assertThat(OnboardingTlv.write(c.elements())).isEqualTo(hex("152C810656656E646F722C000A3132333435363738393018"));

    Contents chip = strict(CHIP_OPTIONAL_DATA);
    assertThat(chip.elements()).containsExactly(Element.utf8(0x82, "myData"),
        new Element(0x83, OnboardingTlv.Kind.SIGNED, 12, "", new byte[0]), Element.utf8(0, "123456789"));
    assertThat(OnboardingTlv.write(chip.elements())).isEqualTo(hex(CHIP_OPTIONAL_DATA));
  }

  @Test
  void readsTheCommonElementsWithinTheirRanges() {
    String salt = "00112233445566778899aabbccddeeff";
    Contents c = strict("15" + "2501e803" + "3002" + "10" + salt + "240305" + "25043c00" + "18");
    assertThat(c.get(OnboardingTlv.PBKDF_ITERATIONS).number()).isEqualTo(1000);
    assertThat(c.get(OnboardingTlv.PBKDF_SALT).bytes()).isEqualTo(hex(salt));
    assertThat(c.get(OnboardingTlv.NUMBER_OF_DEVICES).number()).isEqualTo(5);
    assertThat(c.get(OnboardingTlv.COMMISSIONING_TIMEOUT).number()).isEqualTo(60);
  }

  @ParameterizedTest
  @CsvSource({
      "152C050161" + "18, reserved",                        // tag 0x05 is reserved
      "152C7F0161" + "18, reserved",
      "15280018, holds a boolean",                           // serial number as a boolean
      "152000FF18, serial number",                           // serial number as a negative integer
      "152C0021" + "41414141414141414141414141414141" + "41414141414141414141414141414141" + "41" + "18, more than 32",
      "152401FF18, iteration",                               // 255 iterations: below 1000
      "152403001" + "8, number of devices",                  // 0 devices
      "15350118" + "18, nested container",
      "15308201AA18, vendor elements are",                   // vendor element as a byte string
      "150401" + "18, context tag",                          // anonymous top-level element
      "152C000131" + "2C000132" + "18, twice",
      "152501e80318, together"})
  void producerRulesRefuseWhatTheSpecificationDoesNotAllow(String tlv, String because) {
    assertThatThrownBy(() -> strict(tlv)).isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining(because)
        .satisfies(e -> assertThat(((InvalidPayloadException) e).problem())
            .isEqualTo(PayloadProblem.INVALID_EXTENSION_DATA));
  }

  @Test
  void scannerRulesSkipWhatTheyDoNotUnderstand_andKeepTheRest() {
    Contents c = lenient("15" + "2C050161" + "3508" + "2401" + "02" + "18" + "2A00" + "0000803F" + "2C000131" + "18");
    assertThat(c.opaque()).isFalse();
    assertThat(c.elements()).containsExactly(Element.utf8(0, "1"));
  }

  @ParameterizedTest
  @CsvSource({
      "010203, 0",                              // matter.js's PairingCodeSchemaTest bytes: no structure
      "152C000531, 1",                          // string longer than the data
      "152F00FFFFFFFFFFFFFF7F3118, 1",          // 8-byte length claiming 2^63-1 bytes
      "152C000131, 5",                          // no end marker
      "152C0001311800, 6",                      // bytes after the end
      "151918, 1",                              // reserved element type
      "15" + "3508" + "3508" + "3508" + "3508" + "3508" + "3508" + "3508" + "3508" + "18, 15"})
  void malformedDataIsAnErrorForProducers_andOpaqueForScanners(String tlv, int position) {
    assertThatThrownBy(() -> strict(tlv)).isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
      assertThat(e.problem()).isEqualTo(PayloadProblem.MALFORMED_TLV);
      assertThat(e.position()).isEqualTo(position);
    });
    Contents c = lenient(tlv);
    assertThat(c.opaque()).isTrue();
    assertThat(c.elements()).isEmpty();
  }

  @Test
  void refusesMoreBytesThanAPayloadCanCarry_inBothModes() {
    byte[] big = new byte[OnboardingTlv.MAX_BYTES + 1];
    big[0] = 0x15;
    for (boolean strict : new boolean[] {true, false}) {
      assertThatThrownBy(() -> OnboardingTlv.read(big, strict, "t"))
          .isInstanceOfSatisfying(MalformedPayloadException.class,
              e -> assertThat(e.problem()).isEqualTo(PayloadProblem.TOO_LONG));
    }
  }

  @Test
  void writesIntegersInTheirSmallestWidth() {
    assertThat(OnboardingTlv.write(List.of(Element.unsigned(0x80, 0xFF)))).isEqualTo(hex("152480FF18"));
    assertThat(OnboardingTlv.write(List.of(Element.unsigned(0x80, 0x100)))).isEqualTo(hex("1525800001" + "18"));
    assertThat(OnboardingTlv.write(List.of(Element.unsigned(0x80, -1L)))).isEqualTo(hex("152780FFFFFFFFFFFFFFFF18"));
    assertThat(OnboardingTlv.write(List.of(new Element(0x80, OnboardingTlv.Kind.SIGNED, -2, "", new byte[0]))))
        .isEqualTo(hex("152080FE18"));
    assertThat(OnboardingTlv.write(List.of())).isEmpty();
  }
}
