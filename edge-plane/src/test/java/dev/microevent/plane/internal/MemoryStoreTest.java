package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StateStoreAlertsContract {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-12-07T05:00:00Z"));

  @Override
  StateStore store() {
    return new MemoryStore(time.ticker());
  }

  @Override
  void lapse(String key, Duration ttl) {
    time.advance(ttl);
  }

  @Override
  VirtualTime time() {
    return time;
  }

  @Test
  void aStoreFullOfLiveClaims_refusesTheNextWithAStoreError_andTakesClaimsAgainOnceTheyLapse() {
    StateStore s = store();
    for (int i = 0; i < MemoryStore.MAX_CLAIMS; i++) {
      assertThat(s.claim("k" + i, "h", Duration.ofMinutes(1))).isEmpty();
    }
    assertThatThrownBy(() -> s.claim("one-more", "h", Duration.ofMinutes(1))).isInstanceOf(StoreException.class)
        .hasMessageContaining("claims");
    time.advance(Duration.ofMinutes(1));
    assertThat(s.claim("one-more", "h", Duration.ofMinutes(1))).isEmpty();
    assertThat(s.claim("k0", "other", Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void aLeaseRenewedWhileTheClaimsAreFull_isRenewed_andNeverLost() {
    StateStore s = store();
    assertThat(s.leaseRun("r1", "hub-a", RunLeases.TTL)).isTrue();
    time.advance(RunLeases.TTL); // hub-a paused past its lease; meanwhile the plane's claims fill up
    for (int i = 0; i < MemoryStore.MAX_CLAIMS; i++) {
      assertThat(s.claim("k" + i, "h", Duration.ofHours(1))).isEmpty();
    }
    assertThat(s.leaseRun("r1", "hub-a", RunLeases.TTL)).as("hub-a, back, renews: that is no new claim").isTrue();
    assertThat(s.lapsedRuns()).as("so no sweep takes it for dead").isEmpty();
    time.advance(RunLeases.TTL.minusSeconds(1));
    assertThat(s.leaseRun("r1", "hub-b", RunLeases.TTL)).as("still hub-a's").isFalse();
    assertThatThrownBy(() -> s.leaseRun("r2", "hub-a", RunLeases.TTL)).as("a new lease is a new claim")
        .isInstanceOf(StoreException.class).hasMessageContaining("claims");
    assertThat(s.lapsedRuns()).as("the refused lease is not listed").isEmpty();
    assertThat(s.leaseRun("r1", "hub-a", RunLeases.TTL)).as("renewed again").isTrue();
  }
}
