package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.microevent.power.protocol.VeDirectBlock;
import dev.microevent.power.protocol.VeDirectChargeState;
import dev.microevent.power.protocol.VeDirectError;
import dev.microevent.power.protocol.VeDirectField;
import dev.microevent.power.protocol.VeDirectReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VeDirectReaderTest {
  /** Frame A of the reference: SmartSolar MPPT at night, checksum byte 0xE4. */
  static final byte[] MPPT = Base64.getDecoder().decode(
      "DQpQSUQJMHhBMDVGDQpGVwkxMzkNClNFUiMJSFExODQ4NlUyQjQNClYJMTI4MTANCkkJLTEwDQpWUFYJMTANClBQVgkwDQpDUwkwDQpNUFBUCTANCkVSUgkwDQpMT0FECU9ODQpJTAkwDQpIMTkJMA0KSDIwCTANCkgyMQkwDQpIMjIJMA0KSDIzCTANCkhTRFMJMA0KQ2hlY2tzdW0J5A==");
  /** Frame B of the reference: BMV-700 live block, checksum byte 'm'. */
  static final byte[] BMV = Base64.getDecoder().decode(
      "DQpQSUQJMHgyMDMNClYJMTIwNjUNCkkJLTc2MjYNClAJLTkyDQpDRQktNjU0NzYNClNPQwk4MzkNClRURwk5NDINCkFsYXJtCU9GRg0KUmVsYXkJT0ZGDQpBUgkwDQpCTVYJNzAwDQpGVwkwMzA4DQpDaGVja3N1bQlt");

  /** Builds a block from label/value pairs and computes its checksum byte. */
  static byte[] frame(String... labelsAndValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      out.writeBytes(("\r\n" + labelsAndValues[i] + "\t" + labelsAndValues[i + 1]).getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("\r\nChecksum\t".getBytes(StandardCharsets.US_ASCII));
    int sum = 0;
    for (byte b : out.toByteArray()) {
      sum += b & 0xFF;
    }
    out.write((256 - (sum & 0xFF)) & 0xFF);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static List<VeDirectBlock> readAll(VeDirectReader reader) {
    List<VeDirectBlock> blocks = new ArrayList<>();
    for (Optional<VeDirectBlock> b = reader.next(); b.isPresent(); b = reader.next()) {
      blocks.add(b.get());
    }
    return blocks;
  }

  static List<VeDirectBlock> readAll(byte[] bytes) {
    return readAll(VeDirectReader.of(new ByteArrayInputStream(bytes)));
  }

  @Test
  void parsesTheRealMpptFrame_withUnitsChargeStateAndError() {
    List<VeDirectBlock> blocks = readAll(MPPT);

    assertThat(blocks).hasSize(1);
    VeDirectBlock b = blocks.get(0);
    assertThat(b.raw("PID")).contains("0xA05F");
    assertThat(b.raw("SER#")).contains("HQ18486U2B4");
    assertThat(b.value(VeDirectField.V).getAsDouble()).isEqualTo(12.81, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(b.value(VeDirectField.I).getAsDouble()).isEqualTo(-0.01, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(b.value(VeDirectField.PPV)).hasValue(0);
    assertThat(b.chargeState()).contains(VeDirectChargeState.OFF);
    assertThat(b.error()).contains(VeDirectError.NONE);
    assertThat(b.fields()).doesNotContainKey("Checksum");
  }

  @Test
  void parsesTheRealBmvFrame_whoseChecksumByteIsPrintable() {
    VeDirectBlock b = readAll(BMV).get(0);

    assertThat(b.stateOfChargePercent().getAsDouble()).isEqualTo(83.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(b.timeToGo()).contains(Duration.ofMinutes(942));
    assertThat(b.value(VeDirectField.CE).getAsDouble()).isEqualTo(-65.476, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(b.value(VeDirectField.P)).hasValue(-92);
    assertThat(b.lowBatteryAlarm()).isFalse();
  }

  @Test
  void rejectsACorruptedFrame_withoutLosingTheNextGoodOne() {
    byte[] corrupted = MPPT.clone();
    corrupted[30] ^= 0x01; // flip one bit in a value

    VeDirectReader reader = VeDirectReader.of(new ByteArrayInputStream(concat(corrupted, BMV, MPPT)));
    List<VeDirectBlock> blocks = readAll(reader);

    assertThat(blocks).extracting(x -> x.raw("PID").orElseThrow()).containsExactly("0x203", "0xA05F");
    assertThat(reader.rejectedBlocks()).isEqualTo(1);
    assertThat(reader.acceptedBlocks()).isEqualTo(2);
  }

  @Test
  void findsTheNextGoodFrame_whenTheBrokenOneLostItsChecksumField() {
    byte[] truncated = java.util.Arrays.copyOf(MPPT, 70); // cut in the middle, no Checksum field

    VeDirectReader reader = VeDirectReader.of(new ByteArrayInputStream(concat(truncated, BMV)));
    List<VeDirectBlock> blocks = readAll(reader);

    assertThat(blocks).hasSize(1);
    assertThat(blocks.get(0)).isEqualTo(readAll(BMV).get(0));
    assertThat(reader.rejectedBlocks()).isEqualTo(1);
  }

  private static List<String> pids(byte[] bytes) {
    List<String> pids = new ArrayList<>();
    for (VeDirectBlock b : readAll(bytes)) {
      pids.add(b.raw("PID").orElse("?"));
    }
    return pids;
  }

  @Test
  void keepsTheNextGoodFrame_afterAFrameCutAtAnyByte() {
    // includes the cut right before the checksum byte, where the next frame's CR takes its place
    for (int n = 0; n < MPPT.length; n++) {
      assertThat(pids(concat(java.util.Arrays.copyOf(MPPT, n), BMV))).as("MPPT cut after %d bytes", n)
          .containsExactly("0x203");
    }
  }

  @Test
  void rejectsEverySingleBitFlip_andKeepsTheNextGoodFrame() {
    for (int i = 0; i < MPPT.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = MPPT.clone();
        flipped[i] = (byte) (flipped[i] ^ (1 << bit));
        assertThat(pids(concat(flipped, BMV))).as("bit %d of byte %d flipped", bit, i).containsExactly("0x203");
      }
    }
  }

  @Test
  void rejectsAFrameThatLostAnyOneByte_andKeepsTheNextGoodFrame() {
    for (int i = 0; i < MPPT.length; i++) {
      byte[] dropped = concat(java.util.Arrays.copyOf(MPPT, i), java.util.Arrays.copyOfRange(MPPT, i + 1, MPPT.length));
      assertThat(pids(concat(dropped, BMV))).as("byte %d lost", i).containsExactly("0x203");
    }
  }

  @Test
  void aHexMessageCutShort_doesNotCostTheNextFrame() {
    byte[] hex = ":A4F10000001C\n".getBytes(StandardCharsets.US_ASCII);
    for (int n = 1; n < hex.length; n++) {
      assertThat(pids(concat(MPPT, java.util.Arrays.copyOf(hex, n), BMV))).as("HEX message cut after %d bytes", n)
          .containsExactly("0xA05F", "0x203");
    }
  }

  @Test
  void skipsHexMessages_betweenBlocksAndAfterALineFeed() {
    byte[] hex = ":A4F10000001C\n".getBytes(StandardCharsets.US_ASCII);
    byte[] plain = frame("PID", "0xA042", "V", "12000");
    int labelStart = "\r\nPID\t0xA042\r\n".length(); // right after a field's LF
    byte[] withHexInside = concat(java.util.Arrays.copyOf(plain, labelStart), hex,
        java.util.Arrays.copyOfRange(plain, labelStart, plain.length));

    List<VeDirectBlock> blocks = readAll(concat(MPPT, hex, BMV, hex, withHexInside));

    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(2).fields()).containsOnlyKeys("PID", "V");
  }

  @Test
  void acceptsAColonAsTheChecksumByte() {
    // find a value that makes the checksum byte ':' (0x3A)
    byte[] f = null;
    Random random = new Random(7);
    for (int i = 0; i < 100_000 && f == null; i++) {
      StringBuilder serial = new StringBuilder();
      for (int c = 0; c < 6; c++) {
        serial.append((char) ('A' + random.nextInt(26)));
      }
      byte[] candidate = frame("PID", "0x203", "SER#", serial.toString());
      if (candidate[candidate.length - 1] == ':') {
        f = candidate;
      }
    }
    assertThat(f).as("a frame whose checksum byte is ':'").isNotNull();

    List<VeDirectBlock> blocks = readAll(concat(f, BMV));

    assertThat(blocks).hasSize(2);
  }

  @Test
  void neverThrowsOnGarbage_andStillFindsGoodFramesInIt() {
    Random random = new Random(42);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int good = 0;
    for (int i = 0; i < 300; i++) {
      byte[] noise = new byte[random.nextInt(400)];
      random.nextBytes(noise);
      out.writeBytes(noise);
      if (i % 3 == 0) {
        out.writeBytes(MPPT);
        good++;
      }
    }
    VeDirectReader reader = VeDirectReader.of(new ByteArrayInputStream(out.toByteArray()));

    java.util.concurrent.atomic.AtomicReference<List<VeDirectBlock>> result = new java.util.concurrent.atomic.AtomicReference<>();
    assertThatCode(() -> result.set(readAll(reader))).doesNotThrowAnyException();
    // noise of any length before a good frame never costs it, and none is invented
    assertThat(result.get()).hasSize(good);
    assertThat(result.get()).allSatisfy(b -> assertThat(b.raw("PID")).contains("0xA05F"));
  }

  @Test
  void findsTheGoodFrame_afterACarriageReturnAndGarbageOfAnyLength() {
    VeDirectBlock good = readAll(MPPT).get(0);
    for (int n = 0; n <= 2 * 2048 + 8; n++) { // twice the parser's 2,048-byte buffer
      byte[] garbage = new byte[1 + n];
      java.util.Arrays.fill(garbage, (byte) 'x');
      garbage[0] = '\r';
      assertThat(readAll(concat(garbage, MPPT))).as("a CR and %d bytes of garbage", n).containsExactly(good);
    }
  }

  @Test
  void findsTheGoodFrame_afterRandomGarbageCutAtEveryPoint() {
    VeDirectBlock good = readAll(BMV).get(0);
    byte[] garbage = new byte[3000];
    new Random(7).nextBytes(garbage);
    for (int cut = 0; cut <= garbage.length; cut++) {
      List<VeDirectBlock> blocks = readAll(concat(java.util.Arrays.copyOf(garbage, cut), BMV));
      assertThat(blocks).as("%d bytes of garbage", cut).isNotEmpty();
      assertThat(blocks.get(blocks.size() - 1)).as("%d bytes of garbage", cut).isEqualTo(good);
    }
  }

  @Test
  void findsTheGoodFrame_whenTheFrameBeforeItLostAChecksumByteThatWasACarriageReturn() {
    byte[] history = frame("H1", "-55000", "H2", "-12000", "H4", "12", "H17", "999999999999999");
    assertThat(history[history.length - 1]).as("this frame's checksum byte").isEqualTo((byte) '\r');
    VeDirectBlock good = readAll(BMV).get(0);

    List<VeDirectBlock> afterCut = readAll(concat(java.util.Arrays.copyOf(history, history.length - 1), BMV));
    assertThat(afterCut).isNotEmpty();
    assertThat(afterCut.get(afterCut.size() - 1)).isEqualTo(good);
    assertThat(readAll(concat(history, BMV))).as("whole, both frames count").hasSize(2).last().isEqualTo(good);
  }

  @Test
  void toleratesTruncatedInputAtEveryLength() {
    for (int n = 0; n < BMV.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(BMV, n);
      assertThat(readAll(cut)).as("cut at %d", n).isEmpty();
    }
  }

  @Test
  void wrapsStreamFailures_inATypedStaleError() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("device unplugged");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        throw new IOException("device unplugged");
      }
    };

    assertThatCode(() -> VeDirectReader.of(failing).next())
        .isInstanceOf(PowerSourceException.class)
        .satisfies(e -> assertThat(((PowerSourceException) e).isStale()).isTrue())
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void flagsLowBattery_fromAlarmReasonBits() {
    VeDirectBlock b = readAll(frame("PID", "0x203", "SOC", "150", "Alarm", "ON", "AR", "4")).get(0);

    assertThat(b.lowBatteryAlarm()).isTrue();
    assertThat(b.stateOfChargePercent()).hasValue(15.0);
  }

  @Test
  void mapsUnknownChargeStatesAndErrorCodes_toUnknown() {
    VeDirectBlock b = readAll(frame("PID", "0xA042", "CS", "99", "ERR", "200", "TTG", "-1")).get(0);

    assertThat(b.chargeState()).contains(VeDirectChargeState.UNKNOWN);
    assertThat(b.error()).contains(VeDirectError.UNKNOWN);
    assertThat(b.timeToGo()).isEmpty();
    assertThat(VeDirectError.of(19).transientAtStartup()).isTrue();
    assertThat(VeDirectChargeState.of(3).charging()).isTrue();
  }
}
