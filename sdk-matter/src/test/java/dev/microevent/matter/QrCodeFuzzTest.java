package dev.microevent.matter;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.matter.internal.Base38;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * QR code parsing through the public calls: typed errors only, no hang, bounded memory.
 * Each run prints its figures (target/surefire-reports/*-output.txt).
 */
class QrCodeFuzzTest {
  private static final String[] SEEDS = seeds();

  private static String[] seeds() {
    List<String> s = new ArrayList<>();
    PayloadVectors.ALL.forEach(v -> s.add(v.qr()));
    s.add(PayloadVectors.CHIP_CONCATENATED);
    s.add(PayloadVectors.CHIP_OPTIONAL_DATA);
    s.add(PayloadVectors.MATTER_JS_WITH_TLV);
    s.add("https://example.com/setup?c=%MT:Y.K90AFN00KA0648G00%&v=1");
    return s.toArray(new String[0]);
  }

  private static Fuzz text(String name, ValidationMode mode) {
    return Fuzz.parser(name, in -> QrCode.parseAll(Fuzz.latin1(in), mode))
        .seeds(SEEDS)
        .dictionary("MT:", "*", "%", "-", ".", "00000", "Y.K90", "0648G00", "KA0", " ", "mt:")
        .typed(PayloadException.class);
  }

  @Test
  void scannerParsingOfAnyText() {
    System.out.println(text("QR code text (scanner)", ValidationMode.LENIENT).run());
  }

  @Test
  void producerParsingOfAnyText() {
    System.out.println(text("QR code text (producer)", ValidationMode.STRICT).run());
  }

  /** Any bytes as a payload: reaches the field rules and the TLV reader far more often than mutated text. */
  @Test
  void parsingOfAnyEncodedBytes() {
    List<byte[]> seeds = new ArrayList<>();
    for (String qr : SEEDS) {
      if (qr.startsWith(QrCode.PREFIX) && !qr.contains("*")) {
        seeds.add(Base38.decode(qr, 3, qr.length(), "seed"));
      }
    }
    System.out.println(Fuzz.parser("QR code bytes", in -> {
      String code = QrCode.PREFIX + Base38.encode(in);
      QrCode.parseAll(code, ValidationMode.LENIENT);
      QrCode.parseAll(code, ValidationMode.STRICT);
    }).seeds(seeds).maxLength(200).typed(PayloadException.class).run());
  }
}
