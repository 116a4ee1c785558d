package dev.microevent.plane.internal;

import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The values the plane keeps in its state store. */
public final class Records {
  private Records() {}

  /**
   * One gateway's latest heartbeat, as its SDK client reported it.
   *
   * @param instanceId the client's instance id
   * @param mode its service mode
   * @param lastError its last failure, if any
   * @param sdkVersion its SDK version
   * @param sentAt when it sent the heartbeat (its clock, as sent)
   * @param receivedAtMillis when a plane received it (the plane's clock)
   * @param planeId the plane that received it
   */
  public record GatewayBeat(String instanceId, String mode, @Nullable String lastError, String sdkVersion,
      String sentAt, long receivedAtMillis, String planeId) {}

  /**
   * A plane announcing itself to the venue's planes.
   *
   * @param planeId its id
   * @param uri where it listens
   * @param status SERVING, DEGRADED or DRAINING
   * @param configSequence the config sequence it serves
   * @param keyId the key it signs with
   * @param startedAtMillis when it started
   * @param lastSeenMillis when it last announced itself
   */
  public record PlaneBeat(String planeId, String uri, String status, long configSequence, String keyId,
      long startedAtMillis, long lastSeenMillis) {}

  /**
   * A decision the plane answered.
   *
   * @param id its id, which the answer carries
   * @param idempotencyKey the caller's key, if the decision was asked with one
   * @param decision the decision's name
   * @param attributes the attributes it was asked with
   * @param value the answer
   * @param confidence the answer's confidence
   * @param ttlSeconds how long the caller may reuse it
   * @param configVersion the version of the config document whose model answered
   * @param planeId the plane that answered
   * @param atMillis when
   */
  public record DecisionRecord(String id, @Nullable String idempotencyKey, String decision,
      Map<String, String> attributes, String value, double confidence, long ttlSeconds, String configVersion,
      String planeId, long atMillis) {}

  /**
   * The answer the central plane gave to a keyed call the plane forwarded. Kept under the app's
   * client and key together, as backends scope keys (docs/commerce-api.yaml): the same key from two
   * clients is two calls, and one client never gets another's answer.
   *
   * @param key the app's idempotency key
   * @param client the call's {@code X-Microevent-Client} (repeated values joined with {@code ", "}),
   *     or null for a call without one: such calls share one unscoped space, keyed by the key alone
   * @param requestHash SHA-256 (hex) of method, path and body: the same key with another request is a conflict
   * @param status the central plane's status
   * @param contentType its content type, if any
   * @param body its body
   * @param planeId the plane that forwarded it
   * @param atMillis when
   */
  @SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are written for the array
  public record ForwardRecord(String key, @Nullable String client, String requestHash, int status,
      @Nullable String contentType, byte[] body, String planeId, long atMillis) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ForwardRecord r && r.key.equals(key) && java.util.Objects.equals(r.client, client)
          && r.requestHash.equals(requestHash)
          && r.status == status && java.util.Objects.equals(r.contentType, contentType) && Arrays.equals(r.body, body)
          && r.planeId.equals(planeId) && r.atMillis == atMillis;
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }

    @Override
    public String toString() {
      return "ForwardRecord{" + status + " for a keyed call, " + body.length + " bytes, via " + planeId + "}";
    }
  }
}
