package dev.microevent.matter;

import dev.microevent.core.fuzz.Fuzz;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Manual pairing code parsing through the public call: typed errors only, no hang, bounded memory.
 * Each run prints its figures (target/surefire-reports/*-output.txt).
 */
class ManualCodeFuzzTest {

  @Test
  void parsingOfAnyText() {
    List<String> seeds = new ArrayList<>();
    PayloadVectors.ALL.forEach(v -> seeds.add(v.manual()));
    seeds.addAll(List.of("3497-011-2332", "3497 011 2332", "1604-371-4310", "0085 260 7537", "641295075300001000017",
        "02684354589", "\t34970112332\n"));
    System.out.println(Fuzz.parser("manual pairing code", in -> {
      String code = Fuzz.latin1(in);
      ManualCode.parse(code, ValidationMode.LENIENT);
      ManualCode.parse(code, ValidationMode.STRICT);
    }).seeds(seeds.toArray(new String[0]))
        .dictionary("-", " ", "0", "9", "8", "65535", "99999", "00000")
        .typed(PayloadException.class)
        .run());
  }
}
