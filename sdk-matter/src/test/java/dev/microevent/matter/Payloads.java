package dev.microevent.matter;

import java.util.SplittableRandom;

/** Random valid payloads for round-trip and interop tests (seeded: reproducible). */
final class Payloads {
  private static final java.util.List<CommissioningFlow> FLOWS = java.util.List.of(CommissioningFlow.values());
  private Payloads() {}

  static OnboardingPayload random(SplittableRandom random) {
    int vendor = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(VendorId.MAX);
    int product = vendor == 0 ? 0 : 1 + random.nextInt(0xFFFF);
    int capabilities = random.nextInt(DiscoveryCapabilities.of(DiscoveryCapability.values()).bits() + 1);
    OnboardingPayload.Builder b = OnboardingPayload.builder().vendorId(VendorId.of(vendor))
        .productId(ProductId.of(product))
        .commissioningFlow(FLOWS.get(random.nextInt(FLOWS.size())))
        .discoveryCapabilities(new DiscoveryCapabilities(capabilities))
        .discriminator(Discriminator.ofLong(random.nextInt(Discriminator.MAX_LONG + 1)))
        .passcode(OnboardingPayload.randomPasscode(random));
    if (random.nextInt(4) == 0) {
      b.serialNumber("SN-" + Integer.toString(random.nextInt(1 << 30), 36));
    }
    return b.build();
  }
}
