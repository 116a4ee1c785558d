package dev.microevent.plane.telemetry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.PlaneJson;
import dev.microevent.plane.internal.Problem;
import dev.microevent.plane.telemetry.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Spans to and from OTLP/JSON ({@code ExportTraceServiceRequest}, proto3 JSON mapping: hex ids,
 * 64-bit integers as decimal strings, {@code kind} 3 = client, {@code status.code} 2 = error) with
 * the {@code microevent.*} attributes. Only this class knows the attribute names.
 */
public final class Otlp {
  /** The intent attribute. */
  public static final String INTENT = "microevent.intent";
  /** The slice attribute. */
  public static final String SLICE = "microevent.slice";
  /** The plane attribute. */
  public static final String PLANE = "microevent.plane";
  /** The outcome attribute. */
  public static final String OUTCOME = "microevent.outcome";
  /** The sample weight attribute: how many spans this kept one stands for. */
  public static final String WEIGHT = "microevent.sample.weight";
  /** The HTTP status attribute (OpenTelemetry semantic conventions). */
  public static final String STATUS = "http.response.status_code";

  private Otlp() {}

  /**
   * One span as an OTLP/JSON span object.
   *
   * @param s the span
   * @param weight its sample weight
   * @return the object
   */
  public static ObjectNode span(Span s, double weight) {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    o.put("traceId", s.traceId()).put("spanId", s.spanId()).put("name", s.intent()).put("kind", 3)
        .put("startTimeUnixNano", Long.toUnsignedString(s.startEpochNanos()))
        .put("endTimeUnixNano", Long.toUnsignedString(s.startEpochNanos() + s.durationNanos()));
    ArrayNode attrs = o.putArray("attributes");
    string(attrs, INTENT, s.intent());
    string(attrs, SLICE, s.slice());
    if (!s.plane().isEmpty()) {
      string(attrs, PLANE, s.plane());
    }
    string(attrs, OUTCOME, s.outcome());
    if (s.statusCode() > 0) {
      attrs.addObject().put("key", STATUS).putObject("value").put("intValue", Integer.toString(s.statusCode()));
    }
    attrs.addObject().put("key", WEIGHT).putObject("value").put("doubleValue", weight);
    ObjectNode status = o.putObject("status");
    if (s.succeeded()) {
      status.put("code", 1);
    } else {
      status.put("code", 2).put("message", s.errorClass());
    }
    return o;
  }

  private static void string(ArrayNode attrs, String key, String value) {
    attrs.addObject().put("key", key).putObject("value").put("stringValue", value);
  }

  /**
   * A usable span with its sample weight: one value, so a span and its weight are kept or refused
   * together.
   *
   * @param span the span
   * @param weight how many spans it stands for (1 unless it carries {@value #WEIGHT})
   */
  public record Weighted(Span span, double weight) {}

  /** What reading a traces request found: the usable spans, and how many were refused and why. */
  public record Parsed(List<Weighted> spans, int rejected, String firstProblem) {}

  /**
   * Reads an {@code ExportTraceServiceRequest}. A span that is not usable (bad id, missing time)
   * is counted as rejected with the first reason, as OTLP's partial success reports it; the
   * others are kept.
   *
   * @param request the request's JSON
   * @return the spans and their weights (1 unless the span carries {@value #WEIGHT})
   * @throws Problem 400 if the document is not an OTLP traces request
   */
  public static Parsed traces(JsonNode request) {
    JsonNode rs = request.path("resourceSpans");
    if (!request.isObject() || !rs.isArray()) {
      throw Problem.badRequest("not_otlp_traces", "the body must be an OTLP/JSON ExportTraceServiceRequest "
          + "(an object with a 'resourceSpans' array)");
    }
    List<Weighted> spans = new ArrayList<>();
    int[] rejected = {0};
    String[] first = {""};
    forEachSpan(rs, node -> {
      try {
        spans.add(new Weighted(span(node), weight(node)));
      } catch (IllegalArgumentException e) {
        if (rejected[0]++ == 0) {
          first[0] = e.getMessage();
        }
      }
    });
    return new Parsed(spans, rejected[0], first[0]);
  }

  /**
   * Walks the span objects of {@code resourceSpans}.
   *
   * @param resourceSpans the array
   * @param each called with each span object
   */
  public static void forEachSpan(JsonNode resourceSpans, Consumer<JsonNode> each) {
    for (JsonNode r : resourceSpans) {
      for (JsonNode scope : r.path("scopeSpans")) {
        for (JsonNode span : scope.path("spans")) {
          each.accept(span);
        }
      }
    }
  }

  /**
   * Reads one OTLP/JSON span.
   *
   * @param node the span object
   * @return the span
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Span span(JsonNode node) {
    String intent = attribute(node, INTENT, node.path("name").asText(""));
    int code = node.path("status").path("code").asInt(0);
    String outcome = attribute(node, OUTCOME, code == 2 ? "server_error" : "success");
    long start = nanos(node, "startTimeUnixNano");
    long end = nanos(node, "endTimeUnixNano");
    if (end < start) {
      throw new IllegalArgumentException("endTimeUnixNano is before startTimeUnixNano");
    }
    String status = attribute(node, STATUS, "0");
    int statusCode;
    if (!status.matches("[0-9]{1,3}")) {
      throw new IllegalArgumentException(STATUS + " must be 0..999");
    }
    statusCode = Integer.parseInt(status);
    return new Span(node.path("traceId").asText(""), node.path("spanId").asText(""), intent,
        attribute(node, SLICE, "default"), attribute(node, PLANE, ""), outcome, statusCode, start, end - start);
  }

  private static double weight(JsonNode node) {
    String w = attribute(node, WEIGHT, "1");
    try {
      double d = Double.parseDouble(w);
      if (!(d >= 1 && d <= 1e9)) {
        throw new IllegalArgumentException(WEIGHT + " must be within 1..1e9, got " + w);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(WEIGHT + " must be a number, got '" + clip(w) + "'", e);
    }
  }

  private static long nanos(JsonNode node, String field) {
    JsonNode v = node.path(field);
    String text = v.isNumber() ? v.asText() : v.isTextual() ? v.textValue() : "";
    if (!text.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException(field + " must be an unsigned 64-bit integer, got '" + clip(text) + "'");
    }
    long n = Long.parseUnsignedLong(text);
    if (n < 0) {
      throw new IllegalArgumentException(field + " is beyond year 2262");
    }
    return n;
  }

  /** The value of an attribute as text (string, int, double or bool value), or the fallback. */
  private static String attribute(JsonNode span, String key, String fallback) {
    for (JsonNode kv : span.path("attributes")) {
      if (key.equals(kv.path("key").asText())) {
        JsonNode v = kv.path("value");
        for (String kind : new String[] {"stringValue", "intValue", "doubleValue", "boolValue"}) {
          if (v.has(kind) && v.get(kind).isValueNode()) {
            return v.get(kind).asText();
          }
        }
        return fallback;
      }
    }
    return fallback;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
