package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {

  @Test
  void onOffAndLevel_areIdempotent_butToggleIsNot() {
    assertThat(ClusterCommand.on().idempotent()).isTrue();
    assertThat(ClusterCommand.off().idempotent()).isTrue();
    assertThat(ClusterCommand.moveToLevel(10, null).idempotent()).isTrue();
    assertThat(ClusterCommand.toggle().idempotent()).isFalse();
    assertThat(ClusterCommand.of(0x300, "MoveToHue", Map.of()).idempotent()).isFalse();
    assertThat(ClusterCommand.of(0x300, "MoveToHue", Map.of()).asIdempotent().idempotent()).isTrue();
  }

  @Test
  void levelCommands_carryTheTransitionInTenthsOfASecond() {
    ClusterCommand c = ClusterCommand.moveToLevelWithOnOff(128, Duration.ofMillis(1500));
    assertThat(c.clusterId()).isEqualTo(8);
    assertThat(c.name()).isEqualTo("MoveToLevelWithOnOff");
    assertThat(c.payload()).containsEntry("level", MatterValue.of(128)).containsEntry("transitionTime", MatterValue.of(15));
    assertThat(ClusterCommand.moveToLevel(1, null).payload()).containsEntry("transitionTime", MatterValue.ofNull());
  }

  @Test
  void outOfRangeArguments_areRefused() {
    assertThatThrownBy(() -> ClusterCommand.moveToLevel(255, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterCommand.moveToLevel(1, Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterCommand.of(-1, "X", Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterCommand.of(6, " ", Map.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
