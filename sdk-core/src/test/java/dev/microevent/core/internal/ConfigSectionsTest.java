package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.anomaly.DetectorConfig;
import dev.microevent.core.config.ConfigRejectedException;
import dev.microevent.core.config.ConfigSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The config document's {@code modes} section (which intents a degraded mode keeps or sheds) and
 * {@code health} section (the health checks' interval).
 */
class ConfigSectionsTest {

  private static ActiveConfig parse(String json) {
    Map<String, Intent> known = new LinkedHashMap<>();
    Intent.builtIns().forEach(i -> known.put(i.name(), i));
    return new ConfigParser(known, Set.of("edge-a"), IntentPolicy::defaultsFor, DetectorConfig.defaults(), Map.of(),
        List.of())
        .parse(json.getBytes(StandardCharsets.UTF_8), null, ConfigSnapshot.Source.PLANE, Instant.EPOCH);
  }

  @Test
  void aModePolicyKeepsAndShedsBeyondCriticality_andLeavesOtherIntentsToTheirDefault() {
    ActiveConfig c = parse("""
        {"version":"v1","modes":{"REDUCED":{"keep":["telemetry"],"shed":["read"]},
                                 "CRITICAL_ONLY":{"keep":["read"]}}}""");

    assertThat(c.admits(ServiceMode.REDUCED, Intent.TELEMETRY)).as("kept although non-essential").isTrue();
    assertThat(c.admits(ServiceMode.REDUCED, Intent.READ)).as("shed although degraded").isFalse();
    assertThat(c.admits(ServiceMode.REDUCED, Intent.STREAM_UPLINK)).as("default: degraded runs").isTrue();
    assertThat(c.admits(ServiceMode.REDUCED, Intent.PAYMENT)).as("default: critical runs").isTrue();
    assertThat(c.admits(ServiceMode.CRITICAL_ONLY, Intent.READ)).isTrue();
    assertThat(c.admits(ServiceMode.CRITICAL_ONLY, Intent.TELEMETRY)).as("each mode on its own").isFalse();
    assertThat(c.admits(ServiceMode.NORMAL, Intent.READ)).as("NORMAL sheds nothing").isTrue();
  }

  @Test
  void aDocumentWithoutModesLeavesTheGateToCriticality() {
    ActiveConfig c = parse("{\"version\":\"v1\"}");

    assertThat(c.modes()).isEmpty();
    assertThat(c.admits(ServiceMode.REDUCED, Intent.READ)).isTrue();
    assertThat(c.admits(ServiceMode.REDUCED, Intent.TELEMETRY)).isFalse();
  }

  @Test
  void hostileModePoliciesAreRejectedWithEveryProblemNamed() {
    assertThatThrownBy(() -> parse("""
        {"version":"v2","modes":{
          "NORMAL":{"shed":["read"]},
          "reduced":{},
          "REDUCED":{"keep":["checkout","read",7],"shed":["read"],"drop":["telemetry"]},
          "CRITICAL_ONLY":{"keep":"payment","shed":null}}}"""))
        .isInstanceOfSatisfying(ConfigRejectedException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("$.modes.NORMAL: unknown mode").contains("NORMAL sheds nothing"))
            .anySatisfy(p -> assertThat(p).startsWith("$.modes.reduced: unknown mode"))
            .anySatisfy(p -> assertThat(p).startsWith("$.modes.REDUCED.keep[0]: unknown intent 'checkout'"))
            .anySatisfy(p -> assertThat(p).startsWith("$.modes.REDUCED.keep[2]: expected an intent name"))
            .anySatisfy(p -> assertThat(p).isEqualTo("$.modes.REDUCED: 'read' is both kept and shed"))
            .anySatisfy(p -> assertThat(p).startsWith("$.modes.REDUCED.drop: unknown member"))
            .anySatisfy(p -> assertThat(p).startsWith("$.modes.CRITICAL_ONLY.keep: expected an array"))
            .hasSize(7));
    assertThatThrownBy(() -> parse("{\"version\":\"v3\",\"modes\":[\"REDUCED\"]}"))
        .isInstanceOfSatisfying(ConfigRejectedException.class,
            e -> assertThat(e.problems()).containsExactly("$.modes: expected an object"));
    assertThatThrownBy(() -> parse("{\"version\":\"v3\",\"modes\":{\"REDUCED\":true}}"))
        .isInstanceOfSatisfying(ConfigRejectedException.class,
            e -> assertThat(e.problems()).containsExactly("$.modes.REDUCED: expected an object"));
  }

  @Test
  void theHealthSectionSetsTheCheckInterval_andWithoutItTheBuildersStays() {
    assertThat(parse("{\"version\":\"v1\",\"health\":{\"intervalMs\":2000}}").healthIntervalOr(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(parse("{\"version\":\"v1\"}").healthIntervalOr(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void hostileHealthSectionsAreRejectedWithEveryProblemNamed() {
    assertThatThrownBy(() -> parse("{\"version\":\"v2\",\"health\":{\"intervalMs\":0,\"timeoutMs\":5}}"))
        .isInstanceOfSatisfying(ConfigRejectedException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("$.health.intervalMs: expected an integer within 100..600000"))
            .anySatisfy(p -> assertThat(p).startsWith("$.health.timeoutMs: unknown member"))
            .hasSize(2));
    assertThatThrownBy(() -> parse("{\"version\":\"v2\",\"health\":{\"intervalMs\":\"2s\"}}"))
        .isInstanceOf(ConfigRejectedException.class);
    assertThatThrownBy(() -> parse("{\"version\":\"v2\",\"health\":{\"intervalMs\":1e30}}"))
        .isInstanceOf(ConfigRejectedException.class);
  }
}
