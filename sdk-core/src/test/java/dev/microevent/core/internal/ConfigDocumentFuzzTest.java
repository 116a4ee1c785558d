package dev.microevent.core.internal;

import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.anomaly.DetectorConfig;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.config.ConfigRejectedException;
import dev.microevent.core.config.ConfigSnapshot;
import dev.microevent.core.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edge plane's configuration document, as the config sync reads it ({@code ConfigParser} on
 * the body, built as the client builds it): any bytes are applied or rejected with a {@link
 * ConfigRejectedException} naming the problems, never another exception (which would escape
 * {@code ConfigSync.syncNow()}).
 */
class ConfigDocumentFuzzTest {
  private static final Instant NOW = Instant.parse("2026-06-01T18:00:00Z");
  private static final String[] SEEDS = {"""
          {"version":"v7",
           "policies":{"gate_scan":{"attemptTimeoutMs":300,"initialBackoffMs":10,"maxBackoffMs":200,
             "circuitBreaker":{"failureRatePercent":50,"windowSeconds":30,"openDelaySeconds":5,"halfOpenProbes":2}}},
           "slos":{"read":{"target":0.995}},
           "flags":{"dark-mode":false},
           "routes":{"stream_uplink":{"preferredEdge":"edge-b","failover":true}},
           "oracle":{"rules":[{"decision":"seat","when":{"rows":{"lt":10},"age":{"lte":12.5},"vip":{"eq":false}},
             "answer":"front","confidence":1}]}}""", """
          {"version":"42",
           "policies":{"payment":{"deadlineMs":6000,"bulkhead":32,"circuitBreaker":{"minimumCalls":10}},
                       "read":{"maxAttempts":1,"rateLimitPerSecond":0,"circuitBreaker":false}},
           "slos":{"payment":{"target":0.999}},
           "detector":{"alpha":0.05,"zThreshold":4,"minSamples":50,"errorRateThreshold":0.3,"cooldownSeconds":60},
           "routes":{"telemetry":{"failover":false},"read":{"preferredEdge":"edge-a"}},
           "oracle":{"confidenceThreshold":0.8,"remoteOnly":["fraud"],"cacheTtlSeconds":120,
             "rules":[{"decision":"upsell","when":{"cartSize":{"gte":3},"sku":{"in":["cap","mug"]},"vip":true},
                       "answer":"bundle","confidence":0.9}]}}""", """
          {"version":"v9",
           "policies":{"read":{"deadlineMs":18446744073709552616,"maxAttempts":99,"deadlinMs":10},"checkout":{}},
           "oracle":{"remoteOnly":["fraud",{"x":1},null],
             "rules":[{"decision":"upsell","answer":"a","confidence":0.5,
               "when":{"tier":null,"sku":{"in":["cap",["mug"]]},"size":{"eq":{"gt":1}}}}]}}""",
          "{\"version\":\"v9\",\"flags\":{\"express-checkout\":false,\"express-checkout\":true}}"};

  private static ConfigParser parser() {
    Map<String, Intent> known = new LinkedHashMap<>();
    Intent.builtIns().forEach(i -> known.put(i.name(), i));
    return new ConfigParser(known, Set.of("edge-a", "edge-b"), IntentPolicy::defaultsFor, DetectorConfig.defaults(),
        Map.of(Intent.PAYMENT, Slo.percent(99.9)), List.of());
  }

  /** Loads the classes a document needs: that is set-up, not what one input costs. */
  @BeforeAll
  static void warmUp() {
    for (String seed : SEEDS) {
      try {
        parser().parse(seed.getBytes(StandardCharsets.UTF_8), null, ConfigSnapshot.Source.PLANE, NOW);
      } catch (ConfigRejectedException expectedOfSome) {
        // the harness counts these; here only the classes matter
      }
    }
  }

  @Test
  void configDocuments() {
    Fuzz.Report report = Fuzz.parser("config document",
            in -> parser().parse(in, "\"v1\"", ConfigSnapshot.Source.PLANE, NOW))
        .seeds(SEEDS)
        .dictionary("\"policies\":", "\"circuitBreaker\":", "\"openDelaySeconds\":", "\"windowSeconds\":",
            "\"failureRatePercent\":", "\"maxBackoffMs\":", "\"initialBackoffMs\":", "\"rules\":", "\"when\":",
            "\"in\":", "\"gte\":", "\"eq\":", "\"target\":", "\"payment\"", "\"read\"", "\"telemetry\"", "1e308",
            "-0", "0.999999999999999999")
        .typed(ConfigRejectedException.class)
        .run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }
}
