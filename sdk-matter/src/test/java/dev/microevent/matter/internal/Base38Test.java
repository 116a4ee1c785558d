package dev.microevent.matter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.matter.MalformedPayloadException;
import dev.microevent.matter.PayloadProblem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Base38 against connectedhomeip's TestQRCode.cpp vectors, both directions. */
class Base38Test {

  private static byte[] bytes(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }

  private static byte[] decode(String text) {
    return Base38.decode(text, 0, text.length(), "test");
  }

  @ParameterizedTest
  @CsvSource({
      "'', ''", "0a, A0", "0a0a, OT10", "0a0a0a, -N.B0", "0a0a00, OT100", "0a0a28, Y6V91", "0a0a29, KL0B1",
      "0a0aff, Q-M08", "23, Z0", "ff00, R600", "2e0000, 81000", "ff, R6", "ffff, NE71", "ffffff, PLS18",
      "0001, S600", "000001, OE710"})
  void encodesAndDecodesUpstreamVectors(String hex, String text) {
    assertThat(Base38.encode(bytes(hex))).isEqualTo(text);
    assertThat(decode(text)).isEqualTo(bytes(hex));
  }

  @Test
  void helloWorldRoundTrips() {
    byte[] hello = "Hello World!".getBytes(StandardCharsets.US_ASCII);
    assertThat(Base38.encode(hello)).isEqualTo("KKHF3W2S013OPM3EJX11");
    assertThat(decode("KKHF3W2S013OPM3EJX11")).isEqualTo(hello);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0\u0001", "\u00010", "[0", "0[", " 0", "!0", "\"0", "#0", "$0", "%0", "&0", "'0", "(0",
      ")0", "*0", "+0", ",0", ";0", "<0", "=0", ">0", "@0", "a0", "0\u00e9"})
  void refusesCharactersOutsideTheAlphabet_withTheirPosition(String text) {
    assertThatThrownBy(() -> decode(text))
        .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
          assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_CHARACTER);
          assertThat(e.position()).isBetween(0, 1);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"S6", "OE71", "QLS18", "....."})
  void refusesChunksThatOverflowTheirBytes(String text) {
    assertThatThrownBy(() -> decode(text)).isInstanceOfSatisfying(MalformedPayloadException.class,
        e -> assertThat(e.problem()).isEqualTo(PayloadProblem.CHUNK_OUT_OF_RANGE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "000", "000000", "00000000"})
  void refusesLengthsNoByteCountEncodesTo(String text) {
    assertThatThrownBy(() -> decode(text)).isInstanceOfSatisfying(MalformedPayloadException.class,
        e -> assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_LENGTH));
  }

  @Test
  void encodedLengthMatchesTheEncoder() {
    for (int n = 0; n < 40; n++) {
      assertThat(Base38.encode(new byte[n])).hasSize(Base38.encodedLength(n));
    }
  }
}
