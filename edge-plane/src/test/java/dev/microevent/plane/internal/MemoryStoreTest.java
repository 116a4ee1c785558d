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
}
