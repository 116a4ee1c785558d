package dev.microevent.testkit.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.testkit.tickets.TicketFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GateRushTest {
  private static final List<String> TICKETS = TicketFixtures.of("ev-1", 200, Instant.parse("2026-06-13T18:00:00Z")).valid();

  @Test
  void everyTicketIsScannedOnce_withTheAskedShareOfRescansMixedIn() {
    GateRush rush = GateRush.builder().tickets(TICKETS).peak(300).rescans(0.1).seed(7).build();

    assertThat(new HashSet<>(rush.scans())).containsExactlyInAnyOrderElementsOf(TICKETS);
    assertThat(rush.scans().size() - TICKETS.size()).isBetween(5, 45);
    assertThat((long) rush.scans().size()).isEqualTo(rush.profile().expectedArrivals());
    assertThat(rush.scans().subList(0, TICKETS.size())).isNotEqualTo(TICKETS);
    assertThat(GateRush.builder().tickets(TICKETS).rescans(0.1).seed(7).build().scans()).isEqualTo(rush.scans());
  }

  @Test
  void theProfileRampsToThePeak_holdsIt_andTailsOff() {
    GateRush rush = GateRush.builder().tickets(TICKETS).peak(400, Duration.ofSeconds(10)).build();

    assertThat(rush.profile().steps()).extracting(LoadProfile.Step::ratePerSecond).containsExactly(100.0, 200.0,
        400.0, 80.0);
    assertThat(rush.profile().duration()).isEqualTo(Duration.ofSeconds(18));
  }

  @Test
  void aRunScansOneTextPerArrival_inTheRushOrder() {
    GateRush rush = GateRush.builder().tickets(TICKETS.subList(0, 20)).peak(200).rescans(0).build();
    Map<String, AtomicInteger> scanned = new ConcurrentHashMap<>();

    LoadReport report = rush.run(text -> scanned.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet());

    assertThat(report.offered()).isEqualTo(rush.profile().expectedArrivals());
    assertThat(report.succeeded()).isEqualTo(report.offered());
    assertThat(scanned).hasSize(20);
    assertThat(scanned.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(report.offered());
  }

  @Test
  void aRushWithoutTickets_isRefused() {
    assertThatThrownBy(() -> GateRush.builder().build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GateRush.builder().rescans(0.9)).isInstanceOf(IllegalArgumentException.class);
  }
}
