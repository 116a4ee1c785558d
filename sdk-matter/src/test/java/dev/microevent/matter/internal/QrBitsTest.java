package dev.microevent.matter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.matter.MalformedPayloadException;
import dev.microevent.matter.PayloadProblem;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The 88-bit layout, against connectedhomeip's TestPayloadByteArrayRep and TestMaximumValues. */
class QrBitsTest {

  private static String binary(byte[] eleven) {
    byte[] bigEndian = new byte[eleven.length];
    for (int i = 0; i < eleven.length; i++) {
      bigEndian[i] = eleven[eleven.length - 1 - i];
    }
    StringBuilder s = new StringBuilder(new BigInteger(1, bigEndian).toString(2));
    while (s.length() < 88) {
      s.insert(0, '0');
    }
    int[] widths = {4, 27, 12, 8, 2, 16, 16, 3};
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int w : widths) {
      out.append(' ').append(s, at, at + w);
      at += w;
    }
    return out.toString();
  }

  @Test
  void placesFieldsFromTheLeastSignificantBitUp() {
    RawPayload p = new RawPayload(0, 12, 1, 0, 0x01, 128, false, 2048, true, new byte[0]);
    assertThat(binary(QrBits.pack(p)))
        .isEqualTo(" 0000 000000000000000100000000000 000010000000 00000001 00 0000000000000001 0000000000001100 000");
    assertThat(Base38.encode(QrBits.pack(p))).isEqualTo("M5L90MP500K64J00000");
  }

  @Test
  void roundTripsTheLargestValueOfEveryField() {
    RawPayload max = new RawPayload(7, 0xFFFF, 0xFFFF, 3, 0xFF, 0xFFF, false, (1 << 27) - 1, true, new byte[] {1, 2});
    assertThat(QrBits.unpack(QrBits.pack(max), "t")).isEqualTo(max);
  }

  @Test
  void refusesFewerThanElevenBytesAndNonZeroPadding() {
    assertThatThrownBy(() -> QrBits.unpack(new byte[10], "t")).isInstanceOfSatisfying(MalformedPayloadException.class,
        e -> assertThat(e.problem()).isEqualTo(PayloadProblem.INVALID_LENGTH));
    byte[] padded = new byte[11];
    padded[10] = (byte) 0x10;
    assertThatThrownBy(() -> QrBits.unpack(padded, "t")).isInstanceOfSatisfying(MalformedPayloadException.class,
        e -> assertThat(e.problem()).isEqualTo(PayloadProblem.NON_ZERO_PADDING));
  }
}
