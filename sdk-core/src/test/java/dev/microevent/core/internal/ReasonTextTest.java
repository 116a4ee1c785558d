package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReasonTextTest {
  @Test
  void printsMoreDecimals_whenRoundingWouldMakeAStrictComparisonReadAsEqual() {
    assertThat(ReasonText.compare(39.96, "<", 40, 1, " %")).isEqualTo("39.96 % < 40.00 %");
    assertThat(ReasonText.compare(39.9996, "<", 40, 1, " %")).isEqualTo("39.9996 % < 40.0000 %");
  }

  @Test
  void keepsTheUsualDecimals_whenTheyAlreadyTellTheValuesApart() {
    assertThat(ReasonText.compare(15, "<", 20, 1, " %")).isEqualTo("15.0 % < 20.0 %");
    assertThat(ReasonText.compare(250.4, "is above", 200, 0, " ms")).isEqualTo("250 ms is above 200 ms");
  }

  @Test
  void saysAt_whenTheValuesPrintAlikeEvenAtSixDecimals() {
    assertThat(ReasonText.compare(40 - 1e-9, "<", 40, 1, " %")).isEqualTo("at 40.0 %");
  }

  @Test
  void durationsFallBackToSeconds_whenTheirUsualTextIsTheSame() {
    java.util.function.Function<Duration, String> minutes = d -> d.toMinutes() + "m";
    assertThat(ReasonText.compare(Duration.ofSeconds(3910), "<", Duration.ofSeconds(3940), minutes))
        .isEqualTo("3910 s < 3940 s");
    assertThat(ReasonText.compare(Duration.ofMinutes(20), "<", Duration.ofMinutes(30), minutes)).isEqualTo("20m < 30m");
  }
}
