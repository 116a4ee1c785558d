package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttributePathTest {

  @Test
  void theServersTextForm_readsAndWritesBack() {
    AttributePath p = AttributePath.parse("1/6/0");
    assertThat(p).isEqualTo(AttributePath.onOff(1));
    assertThat(p.toString()).isEqualTo("1/6/0");
    assertThat(p.endpoint()).hasValue(1);
    assertThat(p.cluster()).hasValue(6);
    assertThat(p.attribute()).hasValue(0);
    assertThat(p.isConcrete()).isTrue();
    assertThat(AttributePath.parse("65534/4294967295/4294967295").toString()).isEqualTo("65534/4294967295/4294967295");
  }

  @Test
  void anyNonNumericPart_isAWildcard_asTheServerReadsIt() {
    AttributePath any = AttributePath.parse("*/6/0");
    assertThat(any.isConcrete()).isFalse();
    assertThat(any.endpoint()).isEmpty();
    assertThat(any).isEqualTo(AttributePath.anyEndpoint(6, 0));
    assertThat(any.matches(AttributePath.onOff(9))).isTrue();
    assertThat(any.matches(AttributePath.currentLevel(9))).isFalse();
    assertThat(AttributePath.anyAttribute(1, 6).toString()).isEqualTo("1/6/*");
  }

  @Test
  void malformedOrOutOfRangePaths_areRefused() {
    for (String bad : new String[] {"", "1/6", "1/6/0/0", "1//0", "65535/6/0", "1/4294967296/0", "1/6/99999999999",
        "/6/0"}) {
      assertThat(AttributePath.tryParse(bad)).as(bad).isEmpty();
    }
    assertThatThrownBy(() -> AttributePath.parse("1/6")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1/6/0");
    assertThatThrownBy(() -> AttributePath.of(-1, 6, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
