package dev.microevent.matter;

import dev.microevent.matter.internal.OnboardingTlv;
import dev.microevent.matter.internal.RawPayload;
import java.util.Locale;

/** Turns the fields a code carries into a checked {@link OnboardingPayload}: the one place the rules are applied. */
final class Codes {
  private Codes() {}

  /**
   * Checks the fields against the rules of the mode and builds the payload.
   *
   * @param raw the fields as read
   * @param mode producer or scanner rules
   * @param what what was read, for messages ("QR code", "manual pairing code", ...)
   */
  static OnboardingPayload payload(RawPayload raw, ValidationMode mode, String what) {
    if (raw.version() != 0) {
      throw new InvalidPayloadException(PayloadProblem.UNSUPPORTED_VERSION, what + " has version " + raw.version()
          + "; this SDK reads version 0, the only one the specification defines so far");
    }
    if (raw.flow() > CommissioningFlow.CUSTOM.code()) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_COMMISSIONING_FLOW, what
          + " has commissioning flow " + raw.flow() + ", a reserved value (0 standard, 1 user intent, 2 custom)");
    }
    DiscoveryCapabilities capabilities = null;
    if (raw.capabilities() >= 0) {
      capabilities = new DiscoveryCapabilities(raw.capabilities());
      checkCapabilities(capabilities, mode, what);
    }
    OnboardingPayload.checkPasscode(raw.passcode(), what);
    if (raw.vendorId() > VendorId.MAX) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_VENDOR_ID, String.format(Locale.ROOT,
          "%s names vendor id 0x%04X, which is reserved (valid: 0 unspecified, 1..0xFFF4)", what, raw.vendorId()));
    }
    if (raw.vendorId() != 0 && raw.productId() == 0) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_PRODUCT_ID, String.format(Locale.ROOT,
          "%s names vendor 0x%04X with product id 0; a product id of 0 is only valid without a vendor", what,
          raw.vendorId()));
    }
    byte[] tlv = raw.tlv();
    OnboardingTlv.read(tlv, mode == ValidationMode.STRICT, what);
    return OnboardingPayload.builder()
        .vendorId(VendorId.of(raw.vendorId()))
        .productId(ProductId.of(raw.productId()))
        .commissioningFlow(flow(raw.flow()))
        .discoveryCapabilities(capabilities)
        .discriminator(raw.shortDiscriminator() ? Discriminator.ofShort(raw.discriminator())
            : Discriminator.ofLong(raw.discriminator()))
        .passcode(raw.passcode())
        .uncheckedExtensionData(tlv)
        .build();
  }

  private static CommissioningFlow flow(int code) {
    for (CommissioningFlow f : CommissioningFlow.values()) {
      if (f.code() == code) {
        return f;
      }
    }
    throw new IllegalStateException("flow " + code + " was checked before");
  }

  static void checkCapabilities(DiscoveryCapabilities capabilities, ValidationMode mode, String what) {
    if (mode == ValidationMode.STRICT && capabilities.unknownBits() != 0) {
      throw new InvalidPayloadException(PayloadProblem.UNKNOWN_DISCOVERY_CAPABILITY, String.format(Locale.ROOT,
          "%s sets discovery capability bits 0x%02X, which the specification does not define (a producer may set"
              + " only %s)", what, capabilities.unknownBits(), java.util.Arrays.toString(DiscoveryCapability.values())));
    }
  }
}
