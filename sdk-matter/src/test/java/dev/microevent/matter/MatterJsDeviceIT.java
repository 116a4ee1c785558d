package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real interop with a running matter.js 0.17.9 virtual OnOff light ({@code device.mjs}) on
 * loopback: the pairing codes the device prints carry exactly the passcode, discriminator, vendor
 * and product it was configured with, and are the codes we write for those values.
 */
class MatterJsDeviceIT {

  @BeforeAll
  static void matterJsIsInstalled() {
    MatterJs.requireInstalled();
  }

  @Test
  void theCodesAVirtualDevicePrintsParseToItsConfiguredValues(@TempDir Path storage) throws Exception {
    SecureRandom random = new SecureRandom();
    int passcode = OnboardingPayload.randomPasscode(random);
    int discriminator = random.nextInt(Discriminator.MAX_LONG + 1);
    int vendor = 0xFFF1 + random.nextInt(4);
    int product = 1 + random.nextInt(0xFFFF);

    ProcessBuilder pb = new ProcessBuilder("node", "device.mjs").directory(MatterJs.DIR.toFile())
        .redirectError(MatterJs.log("device").toFile());
    Map<String, String> env = pb.environment();
    env.put("STORAGE_DIR", storage.toString());          // fresh: an uncommissioned device
    env.put("PORT", "0");
    env.put("PASSCODE", Integer.toString(passcode));
    env.put("DISCRIMINATOR", Integer.toString(discriminator));
    env.put("VENDOR_ID", Integer.toString(vendor));
    env.put("PRODUCT_ID", Integer.toString(product));
    env.put("RUN_MS", "0");                               // until we end it
    env.put("MATTER_MDNS_NETWORKINTERFACE", "lo");        // announce nothing beyond this machine
    env.put("MATTER_LOG_LEVEL", "warn");
    env.put("MATTER_LOG_FORMAT", "plain");
    Process device = pb.start();
    try {
      JsonNode line = MatterJs.awaitReady(device, "device");
      String qr = line.get("qrPairingCode").asText();
      String manual = line.get("manualPairingCode").asText();

      String values = "configured passcode " + passcode + ", discriminator " + discriminator + ", vendor " + vendor
          + ", product " + product + "; printed " + qr + " / " + manual;
      OnboardingPayload fromQr = QrCode.parse(qr, ValidationMode.STRICT);
      assertThat(fromQr.passcode()).as(values).isEqualTo(passcode);
      assertThat(fromQr.discriminator()).as(values).isEqualTo(Discriminator.ofLong(discriminator));
      assertThat(fromQr.vendorId()).isEqualTo(VendorId.of(vendor));
      assertThat(fromQr.productId()).isEqualTo(ProductId.of(product));
      assertThat(fromQr.commissioningFlow()).isEqualTo(CommissioningFlow.STANDARD);
      assertThat(fromQr.discoveryCapabilities()).contains(DiscoveryCapabilities.of(DiscoveryCapability.ON_NETWORK));

      OnboardingPayload fromManual = ManualCode.parse(manual, ValidationMode.STRICT);
      assertThat(fromManual.passcode()).isEqualTo(passcode);
      assertThat(fromManual.discriminator()).isEqualTo(Discriminator.ofShort(discriminator >> 8));
      assertThat(fromManual.discriminator().matches(fromQr.discriminator())).isTrue();

      OnboardingPayload configured = OnboardingPayload.builder().vendorId(VendorId.of(vendor))
          .productId(ProductId.of(product)).discriminator(Discriminator.ofLong(discriminator)).passcode(passcode)
          .discoveryCapabilities(DiscoveryCapabilities.of(DiscoveryCapability.ON_NETWORK)).build();
      assertThat(QrCode.format(configured)).as(values).isEqualTo(qr);
      assertThat(ManualCode.format(configured)).as(values).isEqualTo(manual);
      assertThat(line.get("port").asInt()).isPositive();
    } finally {
      MatterJs.stop(device);
      assertThat(device.isAlive()).as("the device process ended (pid " + device.pid() + ")").isFalse();
    }
  }
}
