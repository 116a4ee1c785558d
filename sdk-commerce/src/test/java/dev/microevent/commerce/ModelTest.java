package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.shield.RateRule;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Value types fail fast with clear messages and keep secrets out of toString. */
class ModelTest {

  @Test
  void refusesIdsThatCouldEscapeAUrlPath() {
    assertThatThrownBy(() -> Sku.of("../admin")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sku").hasMessageContaining("[A-Za-z0-9._-]");
    assertThatThrownBy(() -> CartId.of("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OrderId.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CheckoutId("has\"quote")).isInstanceOf(IllegalArgumentException.class);
    assertThat(CartId.random(new Random(1)).value()).matches("cart-[0-9a-f]{24}");
  }

  @Test
  void moneyIsNeverNegative_andMultipliesExactly() {
    assertThat(Money.of(4500, "EUR").times(3)).isEqualTo(Money.of(13500, "EUR"));
    assertThatThrownBy(() -> Money.of(-1, "EUR")).hasMessageContaining("negative");
    assertThatThrownBy(() -> Money.of(1, "XYZ1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "EUR").times(2)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void keepsPaymentTokensOutOfStrings() {
    CheckoutRequest r = CheckoutRequest.builder().cart(CartId.of("c-1")).total(Money.of(1, "EUR"))
        .payment(PaymentToken.of("tok_secret_123")).build();
    assertThat(r.toString()).doesNotContain("tok_secret_123").contains("redacted");
    assertThatThrownBy(() -> CheckoutRequest.builder().cart(CartId.of("c-1")).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("total is required");
  }

  @Test
  void validatesConfiguration_namingTheBadValue() {
    assertThatThrownBy(() -> ReadCacheConfig.defaults().withLocalReadTarget(1.5))
        .hasMessageContaining("localReadTarget").hasMessageContaining("1.5");
    assertThatThrownBy(() -> ProbeConfig.defaults().withInterval(Duration.ofMillis(5)))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> ProbeConfig.defaults().withJitter(0.9)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> new RateRule(0, Duration.ofSeconds(1), 1)).hasMessageContaining("permits");
    assertThatThrownBy(() -> CommerceClient.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client(MicroEventClient) is required");
    assertThat(ReadCacheConfig.defaults().localReadTarget()).isEqualTo(0.7);
    assertThat(ProbeConfig.defaults().interval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void reportsTheLocalShareAgainstItsTarget() {
    ReadCacheStats s = new ReadCacheStats(10, 4, 2, 1, 0, 3, 3, 0, Duration.ZERO, 0.7);
    assertThat(s.localReads()).isEqualTo(7);
    assertThat(s.localShare()).isEqualTo(0.7);
    assertThat(s.targetMet()).isTrue();
    assertThat(new ReadCacheStats(0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, 0.7).targetMet()).isFalse();
  }
}
