package dev.microevent.matter;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.matter.internal.Base38;
import dev.microevent.matter.internal.QrBits;
import dev.microevent.matter.internal.RawPayload;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The QR payload's TLV reader through both public doors: the builder (producer rules) and a scanned
 * QR code carrying the bytes (scanner rules). Typed errors only, no hang, bounded memory. Each run
 * prints its figures (target/surefire-reports/*-output.txt).
 */
class OnboardingTlvFuzzTest {
  private static final List<byte[]> SEEDS = List.of(
      HexFormat.of().parseHex("152c82066d794461746120830c2c000931323334353637383918"),
      HexFormat.of().parseHex("152C000A3132333435363738393018"),
      HexFormat.of().parseHex("152600d202964918"),
      HexFormat.of().parseHex("152C810656656E646F722C000A3132333435363738393018"),
      HexFormat.of().parseHex("152501e80330021000112233445566778899aabbccddeeff24030525043c0018"),
      HexFormat.of().parseHex("1535083508240102181818"),
      HexFormat.of().parseHex("152F00FFFFFFFFFFFFFF7F3118"),
      HexFormat.of().parseHex("010203"));
  private static final byte[] FIXED =
      QrBits.pack(new RawPayload(0, 12, 1, 0, 1, 128, false, 2048, true, new byte[0]));

  @Test
  void producerRulesThroughTheBuilder() {
    OnboardingPayload.Builder builder = QrCode.parse("MT:M5L90MP500K64J00000").toBuilder();
    System.out.println(Fuzz.parser("TLV data (builder)", in -> builder.extensionData(in).build())
        .seeds(SEEDS).maxLength(200).typed(PayloadException.class).run());
  }

  @Test
  void scannerRulesThroughAScannedCode() {
    System.out.println(Fuzz.parser("TLV data (scanned QR code)", in -> {
      byte[] all = java.util.Arrays.copyOf(FIXED, FIXED.length + in.length);
      System.arraycopy(in, 0, all, FIXED.length, in.length);
      OnboardingPayload p = QrCode.parse(QrCode.PREFIX + Base38.encode(all), ValidationMode.LENIENT);
      if (p.toString().isEmpty() || p.serialNumber().map(String::length).orElse(0) < 0) {
        throw new AssertionError("a payload always describes itself");
      }
    }).seeds(SEEDS).maxLength(200).typed(PayloadException.class).run());
  }
}
