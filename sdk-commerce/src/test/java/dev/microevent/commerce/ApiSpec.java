package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One of the repository's OpenAPI documents under {@code docs/}, read with swagger-parser (which
 * must find nothing wrong) and its component schemas ready to validate JSON. Public so the tests
 * of the module's packages share it.
 */
public final class ApiSpec {
  private final String iri;
  private final OpenAPI api;
  private final SchemaRegistry schemas;

  private ApiSpec(String iri, OpenAPI api, SchemaRegistry schemas) {
    this.iri = iri;
    this.api = api;
    this.schemas = schemas;
  }

  /**
   * Reads a document.
   *
   * @param file its name under {@code docs/}
   * @return the spec
   * @throws IOException if it cannot be read
   */
  public static ApiSpec read(String file) throws IOException {
    String yaml = Files.readString(Path.of("..", "docs", file), StandardCharsets.UTF_8);
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    assertThat(result.getMessages()).as("swagger-parser's findings").isEmpty();
    String iri = "https://microevent.test/" + file;
    return new ApiSpec(iri, result.getOpenAPI(),
        SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(iri, yaml))));
  }

  /** The parsed document. */
  public OpenAPI api() {
    return api;
  }

  /**
   * Validates JSON against a component schema.
   *
   * @param name the schema's name under {@code components/schemas}
   * @param json the JSON text
   * @return the errors; empty when it is valid
   */
  public List<Error> validate(String name, String json) {
    return schemas.getSchema(SchemaLocation.of(iri + "#/components/schemas/" + name)).validate(json, InputFormat.JSON);
  }
}
