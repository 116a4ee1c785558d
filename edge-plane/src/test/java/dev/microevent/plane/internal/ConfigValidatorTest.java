package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plane refuses what its clients would reject, before it signs it. */
class ConfigValidatorTest {
  private final ConfigValidator validator = new ConfigValidator();

  private Problem refusal(String json) {
    return catchThrowableOfType(Problem.class, () -> validator.validate(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aModePolicyAndAHealthInterval_areAccepted() {
    validator.validate("""
        {"version":"v1","modes":{"REDUCED":{"keep":["gate_scan","payment"],"shed":["read"]},"CRITICAL_ONLY":{}},
         "health":{"intervalMs":2000}}""".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aModePolicyClientsWouldReject_isRefusedWithEveryProblemNamed() {
    Problem p = refusal("""
        {"version":"v2","modes":{"NORMAL":{"shed":["read"]},"REDUCED":{"keep":["read","Payment"],"shed":["read"]}},
         "health":{"intervalMs":50}}""");
    assertThat(p.code()).isEqualTo("invalid_document");
    assertThat(String.join("\n", p.problems())).contains("NORMAL", "/modes/REDUCED: 'read' is both kept and shed",
        "/modes/REDUCED/keep/1", "/health/intervalMs");
  }

  @Test
  void theCacheProbesAndSlicesSections_areAcceptedAtTheirBounds() {
    validator.validate("""
        {"version":"v1","cache":{"localReadTarget":1,"maxStalenessMs":0,"steeredRefreshMs":100},
         "probes":{"intervalMs":1000,"jitter":0.5},
         "slices":{"checkout":{"intents":["payment","order_flow"]},"streaming":{"intents":["stream_uplink"]},
                   "spare.1":{"intents":["telemetry"]}}}""".getBytes(StandardCharsets.UTF_8));
    validator.validate("""
        {"version":"v2","cache":{"localReadTarget":0,"maxStalenessMs":86400000,"steeredRefreshMs":3600000},
         "probes":{"intervalMs":3600000,"jitter":0}}""".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cacheAndProbeValuesOutOfRange_wrongTypesAndUnknownMembers_areEachNamed() {
    Problem p = refusal("""
        {"version":"v3","cache":{"localReadTarget":1.5,"maxStalenessMs":86400001,"steeredRefreshMs":99,"ttl":5},
         "probes":{"intervalMs":999,"jitter":0.6,"period":"30s"}}""");
    assertThat(p.code()).isEqualTo("invalid_document");
    assertThat(String.join("\n", p.problems())).contains("/cache/localReadTarget", "/cache/maxStalenessMs",
        "/cache/steeredRefreshMs", "ttl", "/probes/intervalMs", "/probes/jitter", "period");
    assertThat(refusal("{\"version\":\"v4\",\"cache\":{\"localReadTarget\":\"70%\"},\"probes\":{\"intervalMs\":1.5}}")
        .problems()).anySatisfy(m -> assertThat(m).startsWith("/cache/localReadTarget"))
        .anySatisfy(m -> assertThat(m).startsWith("/probes/intervalMs"));
  }

  @Test
  void exclusiveBounds_refuseTheBoundItself_asTheClientsDo() {
    Problem p = refusal("""
        {"version":"v8","slos":{"read":{"target":1},"payment":{"target":0}},
         "detector":{"alpha":0,"zThreshold":0,"errorRateThreshold":0}}""");
    assertThat(p.code()).isEqualTo("invalid_document");
    assertThat(String.join("\n", p.problems())).contains("/slos/read/target", "/slos/payment/target",
        "/detector/alpha", "/detector/zThreshold", "/detector/errorRateThreshold");
    assertThat(refusal("{\"version\":\"v9\",\"detector\":{\"alpha\":1}}").problems())
        .anySatisfy(m -> assertThat(m).startsWith("/detector/alpha"));
    validator.validate("""
        {"version":"v10","slos":{"read":{"target":0.999}},
         "detector":{"alpha":0.01,"zThreshold":0.5,"errorRateThreshold":1}}""".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anIntentReservedInTwoSlices_isRefusedNamingBoth() {
    Problem p = refusal("""
        {"version":"v5","slices":{"checkout":{"intents":["payment","order_flow"]},"streaming":{"intents":["stream_uplink","payment"]}}}""");
    assertThat(p.code()).isEqualTo("invalid_document");
    assertThat(p.problems()).containsExactly(
        "/slices/streaming: 'payment' is reserved in slice 'checkout' too; an intent has at most one slice");
  }

  @Test
  void slicesTheAppsCouldNotName_orNoOrTooManyIntents_orTooManySlices_areRefused() {
    StringBuilder seventeen = new StringBuilder("{\"version\":\"v6\",\"slices\":{");
    for (int i = 0; i < 17; i++) {
      seventeen.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":{\"intents\":[\"i").append(i)
          .append("\"]}");
    }
    assertThat(refusal(seventeen + "}}").problems()).anySatisfy(m -> assertThat(m).startsWith("/slices"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("\"i").append(i).append('"');
    }
    assertThat(refusal("{\"version\":\"v7\",\"slices\":{\"checkout\":{\"intents\":[" + many + "]}}}").problems())
        .anySatisfy(m -> assertThat(m).startsWith("/slices/checkout/intents"));
    Problem p = refusal("""
        {"version":"v8","slices":{"Checkout":{"intents":["payment"]},"streaming":{"intents":[]},
                                  "voice":{"intents":["Payment"],"qos":"high"},"spare":{},"twice":{"intents":["read","read"]}}}""");
    assertThat(String.join("\n", p.problems())).contains("/slices/Checkout: a slice id matches",
        "/slices/streaming/intents", "/slices/voice/intents/0", "qos", "/slices/spare", "/slices/twice/intents");
  }
}
