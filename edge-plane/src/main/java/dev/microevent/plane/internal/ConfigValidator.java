package dev.microevent.plane.internal;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a config document before the plane signs and serves it: against the {@code
 * ConfigDocument} schema of {@code docs/edge-plane-api.yaml} (the build copies the yaml into the
 * plane, so there is one spec), then the plane's own sections ({@link PlaneSections}). One problem
 * rejects the document; every problem is named. Thread-safe.
 */
public final class ConfigValidator {
  /** Longest document accepted. */
  public static final int MAX_BYTES = 256 * 1024;
  private static final String IRI = "https://microevent.dev/edge-plane-api.yaml";
  /** sdk-slices' {@code SliceId} form, which the schema's map keys cannot state. */
  static final Pattern SLICE_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private final SchemaRegistry registry;
  private final Schema schema;

  /** Loads the schema from the plane's copy of the spec. */
  public ConfigValidator() {
    String yaml;
    try (InputStream in = Objects.requireNonNull(
        ConfigValidator.class.getResourceAsStream("edge-plane-api.yaml"), "the plane's copy of edge-plane-api.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the plane's copy of edge-plane-api.yaml", e);
    }
    // OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum are read by the minimum/maximum
    // keywords beside them (ConfigValidatorTest holds that they are enforced); named as keywords
    // that validate nothing themselves, they no longer log "Unknown keyword" at every start. The
    // dialect has an IRI of its own: under the built-in one's, the registry uses the built-in.
    Dialect openApi30 = Dialect.builder(IRI + "#dialect", Dialects.getOpenApi30())
        .keyword(new NonValidationKeyword("exclusiveMinimum"))
        .keyword(new NonValidationKeyword("exclusiveMaximum"))
        .build();
    this.registry = SchemaRegistry.withDefaultDialect(openApi30, b -> b.schemas(Map.of(IRI, yaml)));
    this.schema = registry.getSchema(SchemaLocation.of(IRI + "#/components/schemas/ConfigDocument"));
  }

  /**
   * What is wrong with a JSON document against one of the spec's component schemas.
   *
   * @param component e.g. {@code TicketKeyList}
   * @param json the document
   * @return every problem, as {@code <location>: <message>}; empty if it validates
   */
  public List<String> problems(String component, byte[] json) {
    return problems(registry.getSchema(SchemaLocation.of(IRI + "#/components/schemas/" + component)), json);
  }

  private static List<String> problems(Schema schema, byte[] json) {
    List<Error> errors;
    try {
      errors = schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON);
    } catch (RuntimeException e) {
      throw Problem.badRequest("malformed_json", "the document cannot be read against the schema");
    }
    List<String> problems = new ArrayList<>();
    for (Error e : errors) {
      problems.add(e.getInstanceLocation() + ": " + e.getMessage());
    }
    return problems;
  }

  /** What the schema cannot say of the mode policy: no intent is both kept and shed in one mode. */
  private static void modeRules(JsonNode doc, List<String> problems) {
    for (Map.Entry<String, JsonNode> mode : doc.path("modes").properties()) {
      Set<String> kept = new HashSet<>();
      mode.getValue().path("keep").forEach(i -> kept.add(i.asText()));
      for (JsonNode i : mode.getValue().path("shed")) {
        if (kept.contains(i.asText())) {
          problems.add("/modes/" + mode.getKey() + ": '" + i.asText() + "' is both kept and shed");
        }
      }
    }
  }

  /**
   * What the schema cannot say of the slice reservations: each slice id is one sdk-slices can
   * name (a {@code SliceId}), and no intent is reserved in two slices.
   */
  private static void sliceRules(JsonNode doc, List<String> problems) {
    Map<String, String> reservedIn = new HashMap<>();
    for (Map.Entry<String, JsonNode> slice : doc.path("slices").properties()) {
      if (!SLICE_ID.matcher(slice.getKey()).matches()) {
        problems.add("/slices/" + slice.getKey() + ": a slice id matches " + SLICE_ID.pattern());
      }
      for (JsonNode i : slice.getValue().path("intents")) {
        String other = reservedIn.putIfAbsent(i.asText(), slice.getKey());
        if (other != null && !other.equals(slice.getKey())) {
          problems.add("/slices/" + slice.getKey() + ": '" + i.asText() + "' is reserved in slice '" + other
              + "' too; an intent has at most one slice");
        }
      }
    }
  }

  /**
   * Validates a document completely.
   *
   * @param bytes the document as it will be served
   * @return the document's plane sections and version
   * @throws Problem 413 {@code too_large}, 400 {@code malformed_json}, or 422 {@code invalid_document}
   *     with every problem
   */
  public PlaneSections validate(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw Problem.of(413, "too_large", "a config document is at most " + MAX_BYTES + " bytes, got " + bytes.length);
    }
    JsonNode doc = PlaneJson.read(bytes, "the config document");
    List<String> problems = new ArrayList<>(problems(schema, bytes));
    modeRules(doc, problems);
    sliceRules(doc, problems);
    PlaneSections sections = PlaneSections.parse(doc, problems);
    if (!problems.isEmpty()) {
      throw new Problem(422, "invalid_document", "the config document was rejected: " + problems.size()
          + " problem(s); the plane keeps serving its current one", problems.subList(0, Math.min(50, problems.size())),
          null);
    }
    return sections;
  }
}
