package dev.microevent.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Slice health rules are built, copied with {@code toBuilder()} and checked in {@code build()}. */
class SliceHealthConfigTest {

  @Test
  void toBuilderBuildsAnEqualCopy_andTheBuilderStartsFromTheDefaults() {
    SliceHealthConfig c = SliceHealthConfig.builder().probeInterval(Duration.ofSeconds(2)).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    assertThat(SliceHealthConfig.builder().build()).isEqualTo(SliceHealthConfig.defaults());
    assertThat(SliceHealthConfig.defaults().suspicionThreshold()).isEqualTo(3);
  }

  @Test
  void aChangedFieldIsTheOnlyDifference() {
    SliceHealthConfig c = SliceHealthConfig.defaults();
    SliceHealthConfig changed = c.toBuilder().suspicionThreshold(1).build();
    assertThat(changed.suspicionThreshold()).isEqualTo(1);
    assertThat(changed).isNotEqualTo(c);
    assertThat(changed).usingRecursiveComparison().ignoringFields("suspicionThreshold").isEqualTo(c);
    assertThat(c.withThresholds(3, 1)).isEqualTo(c.toBuilder().unhealthyThreshold(3).healthyThreshold(1).build());
  }

  @Test
  void invalidValuesAreRefusedWithTheRecordsMessages() {
    assertThatThrownBy(() -> SliceHealthConfig.builder().probeTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("probe interval and timeout must be positive");
    assertThatThrownBy(() -> SliceHealthConfig.builder().suspicionThreshold(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("thresholds must be >= 1");
  }
}
