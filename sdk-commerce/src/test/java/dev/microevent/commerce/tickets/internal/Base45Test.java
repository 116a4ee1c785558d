package dev.microevent.commerce.tickets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9285's examples, round trips, and the strictness the forgery matrix relies on. */
class Base45Test {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {"AB|BB8", "Hello!!|%69 VD92EX0", "ietf!|QED8WEX0", "base-45|UJCLQE7W581"})
  void rfc9285Example_encodesAndDecodes(String plain, String encoded) {
    byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);

    assertThat(Base45.encode(bytes)).isEqualTo(encoded);
    assertThat(Base45.decode(encoded, 0, encoded.length(), 64)).isEqualTo(bytes);
  }

  @Test
  void everyLength_roundTrips() {
    SplittableRandom random = new SplittableRandom(45);
    for (int n = 0; n < 400; n++) {
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) random.nextInt(256);
      }
      String s = Base45.encode(b);
      assertThat(s).hasSize(Base45.encodedLength(n));
      assertThat(Base45.decode(s, 0, s.length(), n)).isEqualTo(b);
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"GGW", "A", "BB8A", "bb8", "BB#", "BB\u00e9", "BB8\u0000", ":::", "U6", "::"})
  void nonCanonicalOrForeignText_isRefused(String text) {
    assertThat(Base45.decode(text, 0, text.length(), 64)).isNull();
  }

  @Test
  void decode_refusesBeforeAllocating_whenTheTextWouldExceedTheCap() {
    String text = Base45.encode(new byte[100]);

    assertThat(Base45.decode(text, 0, text.length(), 99)).isNull();
    assertThat(Base45.decode(text, 0, text.length(), 100)).hasSize(100);
  }
}
