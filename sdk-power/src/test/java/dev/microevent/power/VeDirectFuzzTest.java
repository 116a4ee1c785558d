package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.power.internal.VeDirectStreamSource;
import dev.microevent.power.protocol.VeDirectBlock;
import dev.microevent.power.protocol.VeDirectReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VE.Direct bytes through the stream reader an app gets from {@link VeDirectReader#of}, fuzzed: nothing thrown, no hang, bounded memory, and
 * whatever came before, a good frame behind it is found, with the stream split at any point.
 * {@code -Dfuzz.inputs=1000000} for the long run.
 */
class VeDirectFuzzTest {
  static final byte[] GOOD = VeDirectReaderTest.frame("PID", "0x203", "V", "24000", "I", "-5000", "P", "-120",
      "CE", "-65476", "SOC", "839", "TTG", "942", "Alarm", "OFF", "Relay", "OFF", "AR", "0", "BMV", "700", "FW", "0308");
  private static final List<byte[]> SEEDS = List.of(GOOD,
      VeDirectReaderTest.frame("PID", "0xA05F", "FW", "139", "SER#", "HQ18486U2B4", "V", "12810", "I", "-10",
          "VPV", "10", "PPV", "0", "CS", "0", "MPPT", "0", "ERR", "0", "LOAD", "ON", "IL", "0", "H19", "0", "H20", "0", "HSDS", "0"),
      VeDirectReaderTest.frame("H1", "-55000", "H2", "-12000", "H4", "12", "H17", "999999999999999"),
      VeDirectReaderTest.frame("PID", "0x203", "TTG", "999999999999999", "CS", "4294967299", "ERR", "-2147483649",
          "Alarm", "ON", "AR", "5"),
      ":A0002000148\n".getBytes(StandardCharsets.US_ASCII));

  /** Hands out the bytes in chunks of the given size, as a serial port does. */
  private static InputStream chunked(byte[] bytes, int chunk) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  @Test
  void garbageThenAGoodFrame_throughTheStreamReader_alwaysYieldsTheGoodFrame() throws Exception {
    VeDirectBlock good = VeDirectReaderTest.readAll(GOOD).get(0);
    Fuzz.Target target = in -> {
      byte[] stream = Arrays.copyOf(in, in.length + GOOD.length);
      System.arraycopy(GOOD, 0, stream, in.length, GOOD.length);
      int chunk = 1 + Math.floorMod(Arrays.hashCode(in), 64); // a different split for every input
      List<VeDirectBlock> blocks = VeDirectReaderTest.readAll(VeDirectReader.of(chunked(stream, chunk)));
      assertThat(blocks).as("blocks read").isNotEmpty();
      assertThat(blocks.get(blocks.size() - 1)).isEqualTo(good);
      for (VeDirectBlock b : blocks) { // every accessor an app may call
        b.timeToGo();
        b.chargeState();
        b.error();
        b.offReasonBits();
        b.lowBatteryAlarm();
        VeDirectStreamSource.toReading("fuzz", b, java.time.Instant.EPOCH);
      }
    };
    target.accept(GOOD); // loads the classes first: their loading is no input's allocation
    System.out.println(Fuzz.parser("VE.Direct stream", target).seeds(SEEDS)
        .dictionary("\r\n", "\r\nChecksum\t", "Checksum", "PID\t", "H1\t", "TTG\t", "\t", ":", "\n:")
        .run());
  }
}
