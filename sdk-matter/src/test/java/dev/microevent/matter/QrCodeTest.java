package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.matter.internal.Base38;
import dev.microevent.matter.internal.QrBits;
import dev.microevent.matter.internal.RawPayload;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** QR codes: every vector both directions in both modes, the embedding rules, and typed errors for hostile codes. */
class QrCodeTest {
  static final List<PayloadVectors.Vector> VECTORS = PayloadVectors.ALL;

  private static void assertProblem(ThrowingCallable call, Class<? extends PayloadException> type,
      PayloadProblem problem) {
    assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  private static String qr(RawPayload raw) {
    return QrCode.PREFIX + Base38.encode(QrBits.pack(raw));
  }

  private static RawPayload raw(int version, int vendor, int product, int flow, int caps, int discriminator,
      int passcode) {
    return new RawPayload(version, vendor, product, flow, caps, discriminator, false, passcode, true, new byte[0]);
  }

  @ParameterizedTest
  @FieldSource("VECTORS")
  void parsesAndWritesEveryVector_inBothModes(PayloadVectors.Vector v) {
    for (ValidationMode mode : ValidationMode.values()) {
      assertThat(QrCode.parse(v.qr(), mode)).isEqualTo(v.payload());
    }
    assertThat(QrCode.format(v.payload())).isEqualTo(v.qr());
  }

  @Test
  void readsTheConcatenatedPackOfTheUpstreamSuite() {
    List<OnboardingPayload> pack = QrCode.parseAll(PayloadVectors.CHIP_CONCATENATED, ValidationMode.STRICT);
    assertThat(pack).hasSize(4);
    List<OnboardingPayload> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      expected.add(PayloadVectors.ALL.get(0).payload().toBuilder().passcode(2048 + i)
          .discriminator(Discriminator.ofLong(128 + i)).build());
    }
    assertThat(pack).isEqualTo(expected);
    assertThat(QrCode.format(expected)).isEqualTo(PayloadVectors.CHIP_CONCATENATED);
    assertProblem(() -> QrCode.parse(PayloadVectors.CHIP_CONCATENATED), MalformedPayloadException.class,
        PayloadProblem.MULTIPLE_PAYLOADS);
  }

  @Test
  void readsAndWritesTlvDataOfTheUpstreamSuite() {
    OnboardingPayload p = QrCode.parse(PayloadVectors.CHIP_OPTIONAL_DATA, ValidationMode.STRICT);
    assertThat(p.toBuilder().extensionData(new byte[0]).build()).isEqualTo(PayloadVectors.ALL.get(0).payload());
    assertThat(p.serialNumber()).contains("123456789");
    assertThat(HexFormat.of().formatHex(p.extensionData()))
        .isEqualTo("152c82066d794461746120830c2c000931323334353637383918");
    assertThat(QrCode.format(p)).isEqualTo(PayloadVectors.CHIP_OPTIONAL_DATA);
  }

  @Test
  void scannersKeepTlvBytesThatAreNoStructure_producersRefuseThem() {
    OnboardingPayload p = QrCode.parse(PayloadVectors.MATTER_JS_WITH_TLV);
    assertThat(p.extensionData()).containsExactly(1, 2, 3);
    assertThat(p.serialNumber()).isEmpty();
    assertThat(p.toBuilder().uncheckedExtensionData(new byte[0]).build()).isEqualTo(PayloadVectors.ALL.get(5).payload());
    assertThat(QrCode.parseAll("MT:YNJV7VSC00CMVH7SR00*" + PayloadVectors.MATTER_JS_WITH_TLV.substring(3)))
        .hasSize(2);
    assertProblem(() -> QrCode.parse(PayloadVectors.MATTER_JS_WITH_TLV, ValidationMode.STRICT),
        MalformedPayloadException.class, PayloadProblem.MALFORMED_TLV);
    assertProblem(() -> QrCode.format(p), MalformedPayloadException.class, PayloadProblem.MALFORMED_TLV);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Z%MT:M5L90MP500K64J00000%", "Z%MT:M5L90MP500K64J00000", "%Z%MT:M5L90MP500K64J00000",
      "%Z%MT:M5L90MP500K64J00000%DDD", "MT:M5L90MP500K64J00000%DDD", "MT:M5L90MP500K64J00000%",
      "%MT:M5L90MP500K64J00000", "%MT:%MT:M5L90MP500K64J00000", "https://example.com/p?c=%MT:M5L90MP500K64J00000%&x=1"})
  void findsThePayloadEmbeddedInATextBetweenPercentSigns(String text) {
    assertThat(QrCode.parse(text)).isEqualTo(PayloadVectors.ALL.get(0).payload());
  }

  @Test
  void embeddedPacksEndAtTheNextPercentSign() {
    String pack = PayloadVectors.CHIP_CONCATENATED.substring(3);
    assertThat(QrCode.parseAll("%Z*WX%MT:" + pack + "%DDD*EEE")).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MT:", "%MT:", "%MT:%", "MT:%"})
  void aPrefixWithNothingAfterItIsEmpty(String text) {
    assertProblem(() -> QrCode.parse(text), MalformedPayloadException.class, PayloadProblem.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"H:", "ASMT:M5L90MP500K64J00000", "A%", "ABC", "AT:M5L90MP500K64J00000",
      "mt:M5L90MP500K64J00000", "34970112332"})
  void textWithoutAnMtPayloadIsMissingItsPrefix(String text) {
    assertProblem(() -> QrCode.parse(text), MalformedPayloadException.class, PayloadProblem.MISSING_PREFIX);
  }

  @Test
  void emptyOrBlankTextIsEmpty() {
    assertProblem(() -> QrCode.parse(""), MalformedPayloadException.class, PayloadProblem.EMPTY);
    assertProblem(() -> QrCode.parse(" \n"), MalformedPayloadException.class, PayloadProblem.EMPTY);
    assertProblem(() -> QrCode.parseAll("MT:M5L90MP500K64J00000*"), MalformedPayloadException.class,
        PayloadProblem.EMPTY);
  }

  @Test
  void scannersIgnoreSurroundingWhitespace_producersDoNot() {
    String padded = " MT:M5L90MP500K64J00000\n";
    assertThat(QrCode.parse(padded)).isEqualTo(PayloadVectors.ALL.get(0).payload());
    assertThatThrownBy(() -> QrCode.parse(padded, ValidationMode.STRICT))
        .isInstanceOf(MalformedPayloadException.class);
  }

  @Test
  void aCharacterOutsideTheAlphabetIsNamedWithItsPosition() {
    String bad = "MT:M5L90MP500K64J0000a";
    assertThatThrownBy(() -> QrCode.parse(bad)).isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
      assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_CHARACTER);
      assertThat(e.position()).isEqualTo(21);
      assertThat(e.getMessage()).contains("'a'").contains("index 21");
    });
    assertProblem(() -> QrCode.parse("MT:M5L90MP500K64J0000 ", ValidationMode.STRICT),
        MalformedPayloadException.class, PayloadProblem.INVALID_CHARACTER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MT:M5L90MP500K64J0000", "MT:M5L90MP500K6", "MT:M5L90"})
  void aCutOffCodeHasTheWrongLength(String text) {
    assertProblem(() -> QrCode.parse(text), MalformedPayloadException.class, PayloadProblem.INVALID_LENGTH);
  }

  @Test
  void invalidFieldsGetTheirOwnProblem() {
    assertProblem(() -> QrCode.parse("MT:M5L90MP500W-GT68D20"), InvalidPayloadException.class,
        PayloadProblem.INVALID_PASSCODE); // connectedhomeip: passcode 111111111
    assertProblem(() -> QrCode.parseAll("MT:M5L90MP500K64J00000*M5L90MP500W-GT68D20"), InvalidPayloadException.class,
        PayloadProblem.INVALID_PASSCODE);
    assertProblem(() -> QrCode.parse(qr(raw(1, 12, 1, 0, 1, 128, 2048))), InvalidPayloadException.class,
        PayloadProblem.UNSUPPORTED_VERSION);
    assertProblem(() -> QrCode.parse(qr(raw(0, 12, 1, 3, 1, 128, 2048))), InvalidPayloadException.class,
        PayloadProblem.INVALID_COMMISSIONING_FLOW);
    assertProblem(() -> QrCode.parse(qr(raw(0, 0xFFFF, 1, 0, 1, 128, 2048))), InvalidPayloadException.class,
        PayloadProblem.INVALID_VENDOR_ID);
    assertProblem(() -> QrCode.parse(qr(raw(0, 12, 0, 0, 1, 128, 2048))), InvalidPayloadException.class,
        PayloadProblem.INVALID_PRODUCT_ID);
    assertProblem(() -> QrCode.parse(qr(raw(0, 12, 1, 0, 1, 128, 11111111))), InvalidPayloadException.class,
        PayloadProblem.INVALID_PASSCODE);
    assertProblem(() -> QrCode.parse(qr(raw(0, 12, 1, 0, 1, 128, 0))), InvalidPayloadException.class,
        PayloadProblem.INVALID_PASSCODE);
  }

  @Test
  void nonZeroPaddingIsRefused() {
    byte[] bytes = QrBits.pack(raw(0, 12, 1, 0, 1, 128, 2048));
    bytes[10] |= (byte) 0x80;
    assertProblem(() -> QrCode.parse(QrCode.PREFIX + Base38.encode(bytes)), MalformedPayloadException.class,
        PayloadProblem.NON_ZERO_PADDING);
  }

  @Test
  void scannersKeepUnknownDiscoveryBits_producersRefuseThem() {
    String code = qr(raw(0, 12, 1, 0, 0xFF, 128, 2048));
    OnboardingPayload p = QrCode.parse(code);
    assertThat(p.discoveryCapabilities()).hasValueSatisfying(c -> {
      assertThat(c.unknownBits()).isEqualTo(0xC0);
      assertThat(c.capabilities()).containsExactlyInAnyOrder(DiscoveryCapability.values());
    });
    assertProblem(() -> QrCode.parse(code, ValidationMode.STRICT), InvalidPayloadException.class,
        PayloadProblem.UNKNOWN_DISCOVERY_CAPABILITY);
    assertProblem(() -> QrCode.format(p), InvalidPayloadException.class, PayloadProblem.UNKNOWN_DISCOVERY_CAPABILITY);
  }

  @Test
  void noDiscoveryCapabilitiesRoundTrips_butAbsentOnesCannotBeWritten() {
    OnboardingPayload none = PayloadVectors.ALL.get(0).payload().toBuilder()
        .discoveryCapabilities(DiscoveryCapabilities.of()).build();
    assertThat(QrCode.parse(QrCode.format(none), ValidationMode.STRICT)).isEqualTo(none);
    OnboardingPayload fromManual = ManualCode.parse("34970112332");
    assertProblem(() -> QrCode.format(fromManual), InvalidPayloadException.class,
        PayloadProblem.MISSING_DISCOVERY_CAPABILITIES);
    assertProblem(() -> QrCode.format(fromManual.toBuilder().discoveryCapabilities(DiscoveryCapabilities.of(
        DiscoveryCapability.BLE)).build()), InvalidPayloadException.class, PayloadProblem.INVALID_DISCRIMINATOR);
  }

  @Test
  void oversizeCodesAndPayloadsAreTooLong() {
    assertProblem(() -> QrCode.parse("MT:" + "0".repeat(QrCode.MAX_LENGTH)), MalformedPayloadException.class,
        PayloadProblem.TOO_LONG);
    assertProblem(() -> QrCode.parse("MT:" + "0".repeat(QrCode.MAX_PAYLOAD_LENGTH + 5)),
        MalformedPayloadException.class, PayloadProblem.TOO_LONG);
    byte[] tlv = new byte[143];
    tlv[0] = 0x15;
    byte[] fixed = QrBits.pack(raw(0, 12, 1, 0, 1, 128, 2048));
    byte[] all = java.util.Arrays.copyOf(fixed, fixed.length + tlv.length);
    System.arraycopy(tlv, 0, all, fixed.length, tlv.length);
    assertProblem(() -> QrCode.parse(QrCode.PREFIX + Base38.encode(all)), MalformedPayloadException.class,
        PayloadProblem.TOO_LONG);
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void randomPayloadsRoundTrip(ValidationMode mode) {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      OnboardingPayload p = Payloads.random(random);
      assertThat(QrCode.parse(QrCode.format(p), mode)).isEqualTo(p);
    }
  }
}
