package dev.microevent.core.oracle;

import java.util.Map;

/**
 * Answers decisions locally when it can, and asks the cloud ({@code POST /edge/v1/decisions} on
 * the best plane, through the client) only when local confidence is below the threshold, the
 * decision is configured remote-only, or the request's intent is CRITICAL. Remote answers are
 * cached (bounded, with the TTL the cloud gives). When the cloud is unreachable, the best local
 * answer is returned marked degraded. Reached through {@code client.oracle()}.
 *
 * <pre>{@code
 * Decision d = client.oracle().decide(DecisionRequest.of("upsell", Map.of("cartSize", "3")));
 * if (d.value().equals("bundle")) { ... }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface HybridOracle {

  /**
   * Decides.
   *
   * @param request the question
   * @return the answer
   * @throws dev.microevent.core.SdkException the cloud's failure, when it had to be asked, could
   *     not answer, and no local answer exists
   */
  Decision decide(DecisionRequest request);

  /**
   * How each decision was answered so far.
   *
   * @return decision name to counts, a snapshot
   */
  Map<String, DecisionStats> stats();
}
