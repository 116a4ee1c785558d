package dev.microevent.slices.camara;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One official CAMARA OpenAPI file, read with swagger-parser (operations, request bodies,
 * documented error responses) and validated against with networknt's json-schema-validator in
 * its OpenAPI 3.0 dialect.
 */
final class CamaraSpec {
  /** A documented error: an operation, its status and one of its codes. */
  record DocumentedError(String operationId, String method, String path, int status, String code) {}

  final String file;
  final String api;
  final OpenAPI openApi;
  private final SchemaRegistry registry;
  private final String iri;

  CamaraSpec(String file, String api) {
    this.file = file;
    this.api = api;
    String yaml = resource(file);
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    this.openApi = Objects.requireNonNull(result.getOpenAPI(), () -> file + ": " + result.getMessages());
    this.iri = "https://camara.test/" + file;
    this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(iri, yaml)));
  }

  static String resource(String file) {
    try (InputStream in = CamaraSpec.class.getResourceAsStream("/camara/" + file)) {
      return new String(Objects.requireNonNull(in, file).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base path of the API, e.g. {@code /quality-on-demand/v1}. */
  String basePath() {
    String url = openApi.getServers().get(0).getUrl();
    return url.substring(url.indexOf('}') + 1);
  }

  /** The operation serving a method and a concrete path (below the base path). */
  Operation operation(String method, String concretePath) {
    for (Map.Entry<String, PathItem> e : openApi.getPaths().entrySet()) {
      Pattern template = Pattern.compile(e.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
      if (template.matcher(concretePath).matches()) {
        Operation op = e.getValue().readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        if (op != null) {
          return op;
        }
      }
    }
    throw new AssertionError(file + " documents no " + method + " " + concretePath);
  }

  /** The component schema name of an operation's JSON request body. */
  String requestSchema(Operation op) {
    String ref = op.getRequestBody().getContent().get("application/json").getSchema().get$ref();
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  /**
   * The component schema of an operation's JSON answer for a status; an array answer names its
   * items' schema and ends in {@code []}, e.g. {@code QosProfile[]}.
   */
  String responseSchema(Operation op, int status) {
    Schema<?> schema = resolve(op.getResponses().get(Integer.toString(status))).getContent()
        .get("application/json").getSchema();
    if (schema.get$ref() == null && schema.getItems() != null) {
      String ref = schema.getItems().get$ref();
      return ref.substring(ref.lastIndexOf('/') + 1) + "[]";
    }
    String ref = Objects.requireNonNull(schema.get$ref(), () -> file + ": inline response schema");
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  /** Validation errors of a JSON document against a component schema; empty when valid. */
  List<Error> validate(String schemaName, String json) {
    com.networknt.schema.Schema schema = registry.getSchema(SchemaLocation.of(iri + "#/components/schemas/" + schemaName));
    return schema.validate(json, InputFormat.JSON);
  }

  /** Every documented error response of every operation, one entry per code. */
  List<DocumentedError> documentedErrors() {
    List<DocumentedError> out = new ArrayList<>();
    openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
        op.getResponses().forEach((status, response) -> {
          int code = Integer.parseInt(status);
          if (code < 400) {
            return;
          }
          for (String c : codes(resolve(response))) {
            out.add(new DocumentedError(op.getOperationId(), method.name(), path, code, c));
          }
        })));
    return out;
  }

  private ApiResponse resolve(ApiResponse r) {
    if (r.get$ref() == null) {
      return r;
    }
    return openApi.getComponents().getResponses().get(r.get$ref().substring(r.get$ref().lastIndexOf('/') + 1));
  }

  @SuppressWarnings({"rawtypes", "unchecked"}) // swagger-parser's model uses raw Schema types
  private static List<String> codes(ApiResponse response) {
    Schema<?> schema = response.getContent().get("application/json").getSchema();
    List<String> codes = new ArrayList<>();
    for (Schema part : schema.getAllOf()) {
      Map<String, Schema> props = part.getProperties();
      if (props != null && props.get("code") != null && props.get("code").getEnum() != null) {
        for (Object o : props.get("code").getEnum()) {
          codes.add(o.toString());
        }
      }
    }
    if (codes.isEmpty()) {
      throw new AssertionError("error response without documented codes: " + response.getDescription());
    }
    return codes;
  }
}
