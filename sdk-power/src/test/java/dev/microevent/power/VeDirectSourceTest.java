package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.time.VirtualTime;
import dev.microevent.power.protocol.VeDirectBlock;
import dev.microevent.power.protocol.VeDirectChargeState;
import dev.microevent.power.protocol.VeDirectField;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VeDirectSourceTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T12:00:00Z"));

  @Test
  void readsBlocksFromAStream_andFlagsItStaleWhenItFallsSilent() throws IOException {
    PipedOutputStream device = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(device, 4096);
    try (VeDirectSource mppt = PowerSource.veDirect(VeDirectConfig.builder("mppt", () -> in)
        .clock(time.clock()).staleAfter(Duration.ofSeconds(3)).build())) {
      assertThatThrownBy(mppt::read).isInstanceOfSatisfying(PowerSourceException.class,
          e -> assertThat(e.isStale()).isTrue());

      device.write(VeDirectReaderTest.frame("PID", "0xA042", "V", "12800", "PPV", "250", "IL", "5000", "CS", "3"));
      device.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> mppt.acceptedBlocks() == 1);

      PowerReading r = mppt.read();
      assertThat(r.solarWatts()).hasValue(250.0);
      assertThat(r.loadWatts().getAsDouble()).isEqualTo(64.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(mppt.latest().orElseThrow().chargeState()).contains(VeDirectChargeState.BULK);

      time.advance(Duration.ofSeconds(4));
      assertThatThrownBy(mppt::read).isInstanceOfSatisfying(PowerSourceException.class,
          e -> assertThat(e.isStale()).isTrue()).hasMessageContaining("no valid VE.Direct block");
    }
  }

  @Test
  void mergesLiveAndHistoryBlocks_andReopensTheStreamWhenItEnds() {
    AtomicInteger opened = new AtomicInteger();
    byte[] live = VeDirectReaderTest.BMV;
    byte[] history = VeDirectReaderTest.frame("H1", "-55000", "H4", "12");
    try (VeDirectSource bmv = PowerSource.veDirect(VeDirectConfig.builder("bmv", () -> {
      opened.incrementAndGet();
      return new ByteArrayInputStream(VeDirectReaderTest.concat(live, history));
    }).clock(time.clock()).maxReopenBackoff(Duration.ofMillis(200)).build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> opened.get() >= 2);

      VeDirectBlock merged = bmv.latest().orElseThrow();
      assertThat(merged.raw("PID")).contains("0x203");
      assertThat(merged.value(VeDirectField.H4)).hasValue(12);
      PowerReading r = bmv.read();
      assertThat(r.chargePercent().getAsDouble()).isEqualTo(83.9, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(r.loadWatts()).as("a BMV's discharge power is the load").hasValue(92.0);
      assertThat(r.runtime()).contains(Duration.ofMinutes(942));
      assertThat(bmv.rejectedBlocks()).isZero();
    }
  }

  @Test
  void aTimeToGoBeyondAnyDuration_isCapped_andThePolicyKeepsDeciding() {
    byte[] frame = VeDirectReaderTest.frame("PID", "0x203", "V", "24000", "I", "-5000", "P", "-120", "SOC", "800",
        "TTG", "999999999999999");
    try (VeDirectSource bmv = PowerSource.veDirect(VeDirectConfig.builder("bmv", () -> new ByteArrayInputStream(frame))
        .clock(time.clock()).build());
        PowerClient power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler()).addSource(bmv)
            .build()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> bmv.acceptedBlocks() >= 1);

      PowerStatus status = power.refresh();
      assertThat(status.sources().get(0).state()).isEqualTo(SourceState.FRESH);
      assertThat(status.sources().get(0).reading().orElseThrow().runtime().orElseThrow())
          .isGreaterThan(Duration.ofDays(365 * 99));
      assertThat(status.mode()).isEqualTo(dev.microevent.core.ServiceMode.NORMAL);
    }
  }

  @Test
  void survivesAnOpenerThatFails() {
    AtomicInteger attempts = new AtomicInteger();
    try (VeDirectSource dead = PowerSource.veDirect(VeDirectConfig.builder("dead", () -> {
      attempts.incrementAndGet();
      throw new IOException("/dev/ttyUSB0: no such device");
    }).clock(time.clock()).maxReopenBackoff(Duration.ofMillis(100)).build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 3);
      assertThatThrownBy(dead::read).hasMessageContaining("IOException");
    }
  }
}
