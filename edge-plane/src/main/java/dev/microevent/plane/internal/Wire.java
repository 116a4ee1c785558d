package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.plane.internal.Records.GatewayBeat;
import java.time.DateTimeException;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parsers of the edge-plane API's request bodies: outside bytes in, values or a 400 {@link Problem}
 * out, nothing else thrown (each is fuzzed).
 */
public final class Wire {
  /** Most attributes a decision question may carry. */
  public static final int MAX_ATTRIBUTES = 64;
  /** Longest attribute name. */
  public static final int MAX_ATTRIBUTE_NAME = 64;
  /** Longest attribute value. */
  public static final int MAX_ATTRIBUTE_VALUE = 256;
  private static final Set<String> MODES = Set.of("NORMAL", "REDUCED", "CRITICAL_ONLY");
  private static final Pattern DECISION = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private Wire() {}

  /**
   * A decision question.
   *
   * @param decision the decision's name
   * @param attributes its attributes
   */
  public record Question(String decision, Map<String, String> attributes) {}

  /**
   * Reads a heartbeat body ({@code ClientStatus}); unknown members are ignored.
   *
   * @param body the bytes
   * @param planeId the plane receiving it
   * @param nowMillis the plane's time
   * @return the gateway's beat
   * @throws Problem 400 for anything but a valid ClientStatus
   */
  public static GatewayBeat heartbeat(byte[] body, String planeId, long nowMillis) {
    JsonNode n = object(PlaneJson.read(body, "the heartbeat"), "the heartbeat");
    String instanceId = text(n, "instanceId", 64);
    if (instanceId.isEmpty()) {
      throw Problem.badRequest("invalid_heartbeat", "instanceId must not be empty");
    }
    String mode = text(n, "mode", 16);
    if (!MODES.contains(mode)) {
      throw Problem.badRequest("invalid_heartbeat", "mode must be NORMAL, REDUCED or CRITICAL_ONLY");
    }
    String sdkVersion = text(n, "sdkVersion", 64);
    String sentAt = text(n, "sentAt", 64);
    try {
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(sentAt);
    } catch (DateTimeException e) {
      throw Problem.badRequest("invalid_heartbeat", "sentAt must be an RFC 3339 date-time");
    }
    JsonNode lastError = n.get("lastError");
    String error = null;
    if (lastError != null && !lastError.isNull()) {
      if (!lastError.isTextual()) {
        throw Problem.badRequest("invalid_heartbeat", "lastError must be a string or null");
      }
      String t = lastError.asText();
      error = t.length() > 256 ? t.substring(0, 256) : t;
    }
    return new GatewayBeat(instanceId, mode, error, sdkVersion, sentAt, nowMillis, planeId);
  }

  /**
   * Reads a decision question.
   *
   * @param body the bytes
   * @return the question
   * @throws Problem 400 for anything but a valid question within the plane's limits
   */
  public static Question question(byte[] body) {
    JsonNode n = object(PlaneJson.read(body, "the decision question"), "the decision question");
    String decision = text(n, "decision", 32);
    if (!DECISION.matcher(decision).matches()) {
      throw Problem.badRequest("invalid_question", "decision must match [a-z][a-z0-9_-]{0,31}");
    }
    JsonNode attrs = n.get("attributes");
    if (attrs == null || !attrs.isObject()) {
      throw Problem.badRequest("invalid_question", "attributes must be an object of strings");
    }
    if (attrs.size() > MAX_ATTRIBUTES) {
      throw Problem.badRequest("too_many_attributes", "a question carries at most " + MAX_ATTRIBUTES + " attributes");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : attrs.properties()) {
      if (!e.getValue().isTextual()) {
        throw Problem.badRequest("invalid_question", "attribute values must be strings");
      }
      if (e.getKey().length() > MAX_ATTRIBUTE_NAME || e.getValue().asText().length() > MAX_ATTRIBUTE_VALUE) {
        throw Problem.badRequest("attribute_too_long",
            "attribute names are at most " + MAX_ATTRIBUTE_NAME + " and values " + MAX_ATTRIBUTE_VALUE + " characters");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return new Question(decision, Map.copyOf(out));
  }

  private static JsonNode object(JsonNode n, String what) {
    if (!n.isObject()) {
      throw Problem.badRequest("malformed_json", what + " must be a JSON object");
    }
    return n;
  }

  private static String text(JsonNode n, String field, int maxLength) {
    @Nullable JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw Problem.badRequest("missing_member", field + " must be a string");
    }
    String s = v.asText();
    if (s.length() > maxLength) {
      throw Problem.badRequest("member_too_long", field + " is at most " + maxLength + " characters");
    }
    return s;
  }
}
