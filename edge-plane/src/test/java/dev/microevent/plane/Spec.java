package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One of the plane's OpenAPI documents, checked by swagger-parser and used to validate bodies with
 * the networknt validator (the approach of sdk-core's EdgePlaneApiIT and sdk-commerce's
 * CommerceApiIT).
 */
public final class Spec {
  private final String iri;
  private final OpenAPI api;
  private final SchemaRegistry schemas;

  /**
   * Reads and checks a spec from docs/.
   *
   * @param file e.g. {@code edge-plane-api.yaml}
   */
  public Spec(String file) {
    String yaml;
    try {
      yaml = Files.readString(Path.of("..", "docs", file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    assertThat(result.getMessages()).as("swagger-parser's findings on %s", file).isEmpty();
    this.api = result.getOpenAPI();
    this.iri = "https://microevent.test/" + file;
    this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(iri, yaml)));
  }

  /** The parsed document. */
  public OpenAPI api() {
    return api;
  }

  /**
   * Validates JSON against a schema by JSON pointer.
   *
   * @param pointer e.g. {@code /components/schemas/Problem}
   * @param json the JSON
   * @return the problems, empty if valid
   */
  public List<String> validate(String pointer, String json) {
    return schemas.getSchema(SchemaLocation.of(iri + "#" + pointer)).validate(json, InputFormat.JSON)
        .stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  /**
   * Validates against a component schema.
   *
   * @param name the component's name
   * @param json the JSON
   * @return the problems
   */
  public List<String> component(String name, String json) {
    return validate("/components/schemas/" + name, json);
  }

  /**
   * Validates a response body against the documented one.
   *
   * @param path the API path, e.g. {@code /edge/v1/decisions}
   * @param method lower case, e.g. {@code post}
   * @param status e.g. {@code 200}
   * @param json the body
   * @return the problems
   */
  public List<String> response(String path, String method, int status, String json) {
    var op = api.getPaths().get(path).readOperationsMap().get(
        io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)));
    assertThat(op).as("%s %s is documented", method, path).isNotNull();
    var response = op.getResponses().get(Integer.toString(status));
    assertThat(response).as("%s %s documents a %s", method, path, status).isNotNull();
    String pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/" + status;
    if (response.get$ref() != null) {
      pointer = response.get$ref().substring(1);
    }
    return validate(pointer + "/content/application~1json/schema", json);
  }

  /**
   * Validates a request body against the documented one.
   *
   * @param path the API path
   * @param method lower case
   * @param json the body
   * @return the problems
   */
  public List<String> request(String path, String method, String json) {
    String pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
        + "/requestBody/content/application~1json/schema";
    return validate(pointer, json);
  }
}
