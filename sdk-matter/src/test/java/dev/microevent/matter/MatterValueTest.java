package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatterValueTest {

  @Test
  void accessorsOfAnotherKind_returnEmpty_neverThrow() {
    MatterValue text = MatterValue.of("on");
    assertThat(text.asBoolean()).isEmpty();
    assertThat(text.asLong()).isEmpty();
    assertThat(text.asList()).isEmpty();
    assertThat(text.member("0")).isEmpty();
    assertThat(MatterValue.ofNull().isNull()).isTrue();
  }

  @Test
  void unsigned64BitIntegers_stayExact() {
    BigInteger max = new BigInteger("18446744073709551615");
    MatterValue v = MatterValue.of(max);
    assertThat(v.asBigInteger()).hasValue(max);
    assertThat(v.asLong()).as("does not fit a signed long").isEmpty();
    assertThat(MatterValue.of(7).asLong()).hasValue(7);
  }

  @Test
  void structsAreObjectsKeyedByFieldId() {
    MatterValue deviceType = MatterValue.ofObject(Map.of("0", MatterValue.of(256), "1", MatterValue.of(3)));
    MatterValue list = MatterValue.ofList(List.of(deviceType));
    assertThat(list.asList().orElseThrow().get(0).member("0").orElseThrow().asLong()).hasValue(256);
    assertThat(list).isEqualTo(MatterValue.ofList(List.of(deviceType)));
  }

  @Test
  void nonFiniteNumbers_areRefused() {
    assertThatThrownBy(() -> MatterValue.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
