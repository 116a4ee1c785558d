package dev.microevent.commerce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.ProbeConfig;
import dev.microevent.commerce.ReadCacheConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plane's {@code cache} and {@code probes} sections read strictly: whatever bytes arrive,
 * parsing reports problems and never throws.
 */
class SteeredSectionTest {
  private final List<String> problems = new ArrayList<>();

  private SteeredSection.Value parse(SteeredSection<?, ?> section, String json) {
    return section.parse(json.getBytes(StandardCharsets.UTF_8), (member, what) -> problems.add(member + ": " + what));
  }

  @Test
  void aValidSection_isLaidOverTheBuildersConfig_keepingWhatItDoesNotSet() {
    ReadCacheConfig builder = ReadCacheConfig.defaults().withMaximumEntries(50).withLocalReadTarget(0);

    SteeredSection.Value v = parse(SteeredSection.CACHE, "{\"localReadTarget\":1,\"steeredRefreshMs\":100}");

    assertThat(problems).isEmpty();
    assertThat(SteeredSection.CACHE.over(builder, v)).isEqualTo(builder.toBuilder().localReadTarget(1)
        .steeredRefreshInterval(Duration.ofMillis(100)).build());
    assertThat(SteeredSection.CACHE.over(builder, null)).isSameAs(builder);
    assertThat(SteeredSection.CACHE.over(builder, parse(SteeredSection.CACHE, "{}"))).isSameAs(builder);
  }

  @Test
  void theProbeSectionsBounds_areThePlanesForThePeriod_andTheProbeConfigsOwnForTheJitter() {
    assertThat(parse(SteeredSection.PROBES, "{\"intervalMs\":1000,\"jitter\":0.5}")).isNotNull();
    assertThat(parse(SteeredSection.PROBES, "{\"intervalMs\":3600000,\"jitter\":0}")).isNotNull();
    assertThat(problems).isEmpty();

    assertThat(parse(SteeredSection.PROBES, "{\"intervalMs\":500,\"jitter\":0.6}")).isNull();

    assertThat(problems).containsExactly("intervalMs: expected an integer within 1000..3600000, got 500",
        "jitter: jitter must be within 0..0.5, got 0.6");
    assertThat(SteeredSection.PROBES.over(ProbeConfig.defaults(), null)).isEqualTo(ProbeConfig.defaults());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "nul", "{", "}", "{\"localReadTarget\":NaN}", "{\"localReadTarget\":Infinity}",
      "{\"localReadTarget\":-Infinity}", "{\"localReadTarget\":1e400}", "{\"localReadTarget\":-1e-400x}",
      "{\"maxStalenessMs\":1e3}", "{\"maxStalenessMs\":18446744073709551616}", "{\"maxStalenessMs\":-0.0}",
      "{\"localReadTarget\":0.5,\"localReadTarget\":0.6}", "{\"localReadTarget\":0.5} {}", "[1,2]", "\"cache\"",
      "0.7", "true", "null", "{\"\":1}", "{\"steeredRefreshMs\":\"100\"}", "{\"localReadTarget\":\"\\u0000\"}"})
  void hostileInput_isAProblem_neverAnException(String json) {
    assertThat(parse(SteeredSection.CACHE, json)).isNull();
    assertThat(problems).isNotEmpty();
  }

  @Test
  void deepNesting_hugeNumbersAndLongStrings_areProblems_neverExceptions() {
    String deep = "{\"jitter\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    String hugeNumber = "{\"jitter\":1" + "0".repeat(100_000) + "}";
    String longString = "{\"jitter\":\"" + "x".repeat(2_000_000) + "\"}";
    String longName = "{\"" + "j".repeat(10_000) + "\":0.1}";

    for (String json : List.of(deep, hugeNumber, longString, longName)) {
      problems.clear();
      assertThat(parse(SteeredSection.PROBES, json)).isNull();
      assertThat(problems).singleElement().satisfies(p -> assertThat(p.length()).isLessThan(1_000));
    }
  }

  @Test
  void randomBytes_areProblems_neverExceptions() {
    Random random = new Random(15);
    String alphabet = "{}[]\":,0123456789.eE+-truefalsnlNaIiy jitervalMsocdRTg\\u";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      problems.clear();
      SteeredSection.Value v = parse(random.nextBoolean() ? SteeredSection.PROBES : SteeredSection.CACHE, b.toString());
      assertThat(v == null).as(b.toString()).isEqualTo(!problems.isEmpty());
    }
  }
}
