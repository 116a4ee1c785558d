package dev.microevent.matter;

import java.util.List;

/**
 * Onboarding payload vectors with both codes, from the reference page and the upstream test
 * suites; each row names its source.
 */
final class PayloadVectors {
  record Vector(String source, int vendor, int product, CommissioningFlow flow, int capabilities,
      int discriminator, int passcode, String qr, String manual) {
    OnboardingPayload payload() {
      return OnboardingPayload.builder().vendorId(VendorId.of(vendor)).productId(ProductId.of(product))
          .commissioningFlow(flow).discoveryCapabilities(new DiscoveryCapabilities(capabilities))
          .discriminator(Discriminator.ofLong(discriminator)).passcode(passcode).build();
    }

    @Override
    public String toString() {
      return source + " " + qr;
    }
  }

  static final List<Vector> ALL = List.of(
      new Vector("chip TestHelpers.h (reference #1)", 12, 1, CommissioningFlow.STANDARD, 0x01, 128, 2048,
          "MT:M5L90MP500K64J00000", "00204800002"),
      new Vector("chip python README (reference #2)", 0xFFF1, 0x8000, CommissioningFlow.STANDARD, 0x02, 3840,
          20202021, "MT:Y.K9042C00KA0648G00", "34970112332"),
      new Vector("chip python tests (reference #3)", 0x1317, 0x0002, CommissioningFlow.STANDARD, 0x02, 3431,
          49910688, "MT:-8VJ0OMV172PX813210", "32140830464"),
      new Vector("chip python tests (reference #4)", 0x1123, 0x0012, CommissioningFlow.CUSTOM, 0x04, 3091,
          43338551, "MT:KSNK4SIC13-JPR4UY00", "702871264504387000187"),
      new Vector("chip python tests (reference #5)", 1, 1, CommissioningFlow.USER_INTENT, 0x04, 3781, 12349876,
          "MT:A3L90ARR15G6N57Y900", "745492075300001000013"),
      new Vector("matter.js PairingCodeSchemaTest (reference #6)", 9050, 65279, CommissioningFlow.STANDARD, 0x02,
          2976, 34567890, "MT:YNJV7VSC00CMVH7SR00", "26318621095"),
      new Vector("chip python tests", 0, 0, CommissioningFlow.STANDARD, 0x04, 3840, 20202021,
          "MT:00000CQM00KA0648G00", "34970112332"),
      new Vector("chip python tests", 0x2345, 0x1023, CommissioningFlow.STANDARD, 0x04, 80, 54757432,
          "MT:0A.T0RTM00Y0OJ0.510", "00210433428"),
      new Vector("chip python tests", 0x1123, 0x0012, CommissioningFlow.CUSTOM, 0x02, 3091, 43338551,
          "MT:KSNK4M5113-JPR4UY00", "702871264504387000187"),
      new Vector("chip python tests", 0x45, 0x10, CommissioningFlow.USER_INTENT, 0x07, 174, 81235604,
          "MT:EPX0482F26DAVY09R10", "403732495800069000166"),
      new Vector("chip python tests", 0xFFF3, 0x8098, CommissioningFlow.CUSTOM, 0x04, 2310, 23005908,
          "MT:MZWA6G6026O2XP0II00", "619156140465523329207"),
      new Vector("chip QRCodeTest.kt", 0x235A, 0x4E4B, CommissioningFlow.STANDARD, 0x02, 3840, 20202021,
          "MT:W0GU2OTB00KA0648G00", "34970112332"),
      new Vector("matter.js 0.17.9 virtual device (real-components.md)", 0xFFF1, 0x8000, CommissioningFlow.STANDARD,
          0x04, 3840, 20202021, "MT:Y.K90AFN00KA0648G00", "34970112332"),
      new Vector("matter.js 0.17.9 decode (real-components.md)", 0xFFF1, 0x8001, CommissioningFlow.STANDARD, 0x02,
          3840, 20202021, "MT:-24J042C00KA0648G00", "34970112332"));

  /** connectedhomeip kConcatenatedQRCode: the default payload, then passcode and discriminator + 1, + 2, + 3. */
  static final String CHIP_CONCATENATED =
      "MT:M5L90MP500K64J00000*M5L90U.D010K4J00000*M5L900CM02IX4J00000*M5L908OU03-85J00000";
  /** connectedhomeip QRCodeTest.kt (and the iOS test): the default payload with serial number and vendor data. */
  static final String CHIP_OPTIONAL_DATA = "MT:M5L90MP500K64J0A33P0SET70.QT52B.E23-WZE0WISA0DK5N1K8SQ1RYCU1O0";
  /** matter.js PairingCodeSchemaTest: reference #6 with "TLV data" 01 02 03 (not a TLV structure). */
  static final String MATTER_JS_WITH_TLV = "MT:YNJV7VSC00CMVH7E4810AK00";

  private PayloadVectors() {}
}
