package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Commerce settings are built, copied with {@code toBuilder()} and checked in {@code build()}. */
class CommerceConfigBuildersTest {

  @Nested
  class ReadCache {
    @Test
    void toBuilderBuildsAnEqualCopy_andTheBuilderStartsFromTheDefaults() {
      ReadCacheConfig c = ReadCacheConfig.builder().localReadTarget(0.9).build();
      assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
      assertThat(ReadCacheConfig.builder().build()).isEqualTo(ReadCacheConfig.defaults());
      assertThat(ReadCacheConfig.defaults().steeredRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      ReadCacheConfig c = ReadCacheConfig.defaults();
      ReadCacheConfig changed = c.toBuilder().steeredRefreshInterval(Duration.ZERO).build();
      assertThat(changed.steeredRefreshInterval()).isZero();
      assertThat(changed).isNotEqualTo(c);
      assertThat(changed).usingRecursiveComparison().ignoringFields("steeredRefreshInterval").isEqualTo(c);
      assertThat(c.withMaximumEntries(4)).isEqualTo(c.toBuilder().maximumEntries(4).build());
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> ReadCacheConfig.builder().maximumEntries(0).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumEntries must be >= 1, got 0");
      assertThatThrownBy(() -> ReadCacheConfig.builder().localReadTarget(1.5).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("localReadTarget must be within 0..1, got 1.5");
      assertThatThrownBy(() -> ReadCacheConfig.builder().maxStaleness(Duration.ofSeconds(-1)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("maxStaleness must be >= 0, got PT-1S");
      assertThatThrownBy(() -> ReadCacheConfig.builder().steeredRefreshInterval(Duration.ofSeconds(-1)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("steeredRefreshInterval must be >= 0, got PT-1S");
    }
  }

  @Nested
  class Probe {
    @Test
    void toBuilderBuildsAnEqualCopy_andTheBuilderStartsFromTheDefaults() {
      ProbeConfig c = ProbeConfig.builder().interval(Duration.ofSeconds(3)).build();
      assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
      assertThat(ProbeConfig.builder().build()).isEqualTo(ProbeConfig.defaults());
      assertThat(ProbeConfig.defaults().sku()).isEqualTo(Sku.of("PROBE-1"));
    }

    @Test
    void aChangedFieldIsTheOnlyDifference() {
      ProbeConfig c = ProbeConfig.defaults();
      ProbeConfig changed = c.toBuilder().sku(Sku.of("PROBE-2")).build();
      assertThat(changed.sku()).isEqualTo(Sku.of("PROBE-2"));
      assertThat(changed).isNotEqualTo(c);
      assertThat(changed).usingRecursiveComparison().ignoringFields("sku").isEqualTo(c);
    }

    @Test
    void invalidValuesAreRefusedWithTheRecordsMessages() {
      assertThatThrownBy(() -> ProbeConfig.builder().interval(Duration.ofMillis(5)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be >= 100 ms, got PT0.005S");
      assertThatThrownBy(() -> ProbeConfig.builder().jitter(0.9).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be within 0..0.5, got 0.9");
    }
  }
}
