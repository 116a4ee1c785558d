package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.ServerTiming;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Server-Timing grammar, read leniently: good metrics kept, bad ones skipped and counted. */
class ServerTimingParserTest {
  private static ServerTimingParser.Parsed parse(String... headers) {
    return ServerTimingParser.parse(List.of(headers));
  }

  @Test
  void readsDurationAndDescription() {
    assertThat(parse("cache;desc=\"Cache Read\";dur=23.2").metrics())
        .containsExactly(new ServerTiming("cache", 23.2, "Cache Read"));
  }

  @Test
  void readsSeveralMetricsPerHeader_andAcrossHeaders() {
    ServerTimingParser.Parsed p = parse("db;dur=53, app;dur=47.2", "edge;dur=1.5;desc=fra1");

    assertThat(p.metrics()).extracting(ServerTiming::name).containsExactly("db", "app", "edge");
    assertThat(p.metrics().get(2).description()).isEqualTo("fra1");
    assertThat(p.malformed()).isZero();
  }

  @Test
  void aMetricWithoutParametersHasNoDuration() {
    ServerTiming miss = parse("miss").metrics().get(0);

    assertThat(miss.name()).isEqualTo("miss");
    assertThat(miss.hasDuration()).isFalse();
  }

  @Test
  void theFirstOfARepeatedParameterWins_andUnknownOnesAreIgnored() {
    assertThat(parse("db;dur=1;dur=2;region=eu;desc=a;desc=b").metrics())
        .containsExactly(new ServerTiming("db", 1, "a"));
  }

  @Test
  void aNonNumericDurationReadsAsZero() {
    assertThat(parse("db;dur=fast").metrics().get(0).durationMillis()).isZero();
  }

  @Test
  void quotedStringsMayHoldEscapesCommasAndSemicolons() {
    assertThat(parse("db;desc=\"a \\\"b\\\", c; d\";dur=5, app;dur=1").metrics())
        .containsExactly(new ServerTiming("db", 5, "a \"b\", c; d"), new ServerTiming("app", 1, null));
  }

  @Test
  void whitespaceAroundSeparatorsIsAllowed() {
    assertThat(parse("  db ; dur = 53 ;desc= \"x\" ,app").metrics())
        .containsExactly(new ServerTiming("db", 53, "x"), new ServerTiming("app", Double.NaN, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {";dur=5", "db cache;dur=5", "\"db\";dur=5", "db;dur=", "db;desc=\"open", "db;=5", "db;;dur=1"})
  void malformedMetricsAreSkippedAndCounted(String header) {
    ServerTimingParser.Parsed p = parse(header);

    assertThat(p.metrics()).isEmpty();
    assertThat(p.malformed()).isEqualTo(1);
  }

  @Test
  void aMalformedMetricDoesNotHideTheNextOne() {
    ServerTimingParser.Parsed p = parse("db cache;dur=5, app;dur=7");

    assertThat(p.metrics()).containsExactly(new ServerTiming("app", 7, null));
    assertThat(p.malformed()).isEqualTo(1);
  }

  @Test
  void emptyHeadersAndStrayCommasAreHarmless() {
    ServerTimingParser.Parsed p = parse("", " , ,db;dur=1,,");

    assertThat(p.metrics()).hasSize(1);
    assertThat(p.malformed()).isZero();
  }
}
