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
}
