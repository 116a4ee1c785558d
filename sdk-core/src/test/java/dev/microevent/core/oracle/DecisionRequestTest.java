package dev.microevent.core.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionRequestTest {

  @Test
  void theKeyIgnoresAttributeOrder() {
    assertThat(DecisionRequest.of("upsell", Map.of("a", "1", "b", "2")).key())
        .isEqualTo(DecisionRequest.of("upsell", new java.util.LinkedHashMap<>(Map.of("b", "2", "a", "1"))).key());
  }

  @Test
  void differentAttributesNeverShareAKey_evenWhenAValueLooksLikeMoreAttributes() {
    DecisionRequest two = DecisionRequest.of("upsell", Map.of("a", "1", "b", "2"));
    DecisionRequest crafted = DecisionRequest.of("upsell", Map.of("a", "1, b=2"));
    DecisionRequest shifted = DecisionRequest.of("upsell", Map.of("a", "1}{b"));

    assertThat(two.key()).isNotEqualTo(crafted.key()).isNotEqualTo(shifted.key());
    assertThat(DecisionRequest.of("upsell", Map.of("ab", "c")).key())
        .isNotEqualTo(DecisionRequest.of("upsell", Map.of("a", "bc")).key());
  }

  @Test
  void decisionNamesAreTokens() {
    assertThatThrownBy(() -> DecisionRequest.of("Up Sell", Map.of())).hasMessageContaining("'Up Sell'");
  }
}
