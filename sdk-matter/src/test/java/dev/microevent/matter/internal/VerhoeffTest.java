package dev.microevent.matter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Verhoeff check digit: known values, and the errors it exists to catch. */
class VerhoeffTest {

  @Test
  void computesKnownCheckDigits() {
    assertThat(Verhoeff.checkDigit("236")).isEqualTo('3');
    assertThat(Verhoeff.checkDigit("3497011233")).isEqualTo('2');
    assertThat(Verhoeff.checkDigit("0020480000")).isEqualTo('2');
    assertThat(Verhoeff.isValid("2363")).isTrue();
    assertThat(Verhoeff.isValid("34970112332")).isTrue();
  }

  @Test
  void catchesEverySingleDigitErrorAndEveryAdjacentSwap() {
    String code = "34970112332";
    for (int i = 0; i < code.length(); i++) {
      for (char d = '0'; d <= '9'; d++) {
        if (d != code.charAt(i)) {
          String typo = code.substring(0, i) + d + code.substring(i + 1);
          assertThat(Verhoeff.isValid(typo)).as(typo).isFalse();
        }
      }
      if (i + 1 < code.length() && code.charAt(i) != code.charAt(i + 1)) {
        String swap = code.substring(0, i) + code.charAt(i + 1) + code.charAt(i) + code.substring(i + 2);
        assertThat(Verhoeff.isValid(swap)).as(swap).isFalse();
      }
    }
  }
}
