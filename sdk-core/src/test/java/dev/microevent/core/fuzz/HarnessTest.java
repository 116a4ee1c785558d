package dev.microevent.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The harness itself: it must catch what it exists to catch, and pass a parser that behaves. */
class HarnessTest {

  /** A well-behaved parser: numbers or a typed error. */
  private static void strictNumber(byte[] in) {
    String s = Fuzz.latin1(in);
    if (!s.matches("[0-9]{1,9}")) {
      throw new IllegalStateException("not a number: bad input");
    }
    Integer.parseInt(s);
  }

  @Test
  void passesAParserThatOnlyThrowsItsTypedErrors() {
    Fuzz.Report report = Fuzz.parser("strict number", HarnessTest::strictNumber)
        .seeds("12", "0", "999999999")
        .typed(IllegalStateException.class)
        .inputs(2_000)
        .run();

    assertThat(report.failures()).isEmpty();
    assertThat(report.accepted()).isPositive();
    assertThat(report.typedErrors()).isPositive();
  }

  @Test
  void reportsAnUntypedExceptionWithTheInputThatCausedIt() {
    assertThatThrownBy(() -> Fuzz.parser("naive number", in -> Long.parseLong(Fuzz.latin1(in)))
        .seeds("12")
        .typed(IllegalStateException.class)
        .inputs(500)
        .run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("java.lang.NumberFormatException")
        .hasMessageContaining("input:");
  }

  @Test
  void reportsAHangAndStopsTheParser() {
    Fuzz.Report report = Fuzz.parser("spins on a zero", in -> {
      if (in.length > 0 && in[0] == '0') {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.onSpinWait();
        }
      }
    }).seeds("0").maxMillisPerInput(300).inputs(10).runCollecting();

    assertThat(report.failures()).hasSize(1);
    assertThat(report.failures().keySet().iterator().next()).startsWith("hang");
  }

  @Test
  void reportsAnInputThatAllocatesOutOfProportion() {
    Fuzz.Report report = Fuzz.parser("bomb", in -> {
      if (new String(in, StandardCharsets.UTF_8).startsWith("b")) {
        byte[][] hold = new byte[64][];
        for (int i = 0; i < hold.length; i++) {
          hold[i] = new byte[1024 * 1024];
        }
        assertThat(hold.length).isEqualTo(64);
      }
    }).seeds("bomb").inputs(5).runCollecting();

    assertThat(report.failures().keySet()).anyMatch(k -> k.startsWith("allocated"));
  }
}
