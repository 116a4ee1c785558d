package dev.microevent.plane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.plane.PlaneException;
import dev.microevent.plane.telemetry.internal.Batches;
import dev.microevent.plane.vendor.ConsoleSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry and console parsers of outside bytes under the project's fuzz harness, through the
 * public calls the plane makes: only typed refusals, no hang, no memory bomb.
 */
class TelemetryParsersFuzzTest {
  private static final String TRACES = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{"
      + "\"spans\":[{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"payment\","
      + "\"kind\":3,\"startTimeUnixNano\":\"1796600000000000000\",\"endTimeUnixNano\":\"1796600000040000000\","
      + "\"attributes\":[{\"key\":\"microevent.intent\",\"value\":{\"stringValue\":\"payment\"}},"
      + "{\"key\":\"microevent.outcome\",\"value\":{\"stringValue\":\"server_error\"}},"
      + "{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"503\"}},"
      + "{\"key\":\"microevent.sample.weight\",\"value\":{\"doubleValue\":10.0}}],\"status\":{\"code\":2}}]}]}]}";

  @TempDir Path dir;
  private TelemetryCollector collector;

  @BeforeEach
  void start() {
    collector = TelemetryCollector.builder().venue("fuzz").store(ObjectStore.builder()
            .endpoint(URI.create("http://127.0.0.1:9")).bucket("fuzz-bucket").credentials("a", "b").build())
        .spoolDirectory(dir).flushInterval(Duration.ZERO).batchMaxSpans(1_000_000).start();
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void otlpTracesRequest() {
    Fuzz.Report report = Fuzz.parser("OTLP traces", collector::ingestTraces)
        .seeds(TRACES, "{\"resourceSpans\":[]}")
        .dictionary("resourceSpans", "scopeSpans", "spans", "traceId", "spanId", "startTimeUnixNano",
            "endTimeUnixNano", "attributes", "stringValue", "intValue", "doubleValue", "microevent.sample.weight")
        .typed(TelemetryException.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  /** Found by the 100,000-input run (seed 20261206): the span was kept, its weight was not, and the lists went apart. */
  @Test
  void aSpanWhoseWeightIsOutOfRange_isRejectedAsAPartialSuccess_andNeverEscapes() {
    byte[] heavy = TRACES.replace("\"doubleValue\":10.0", "\"doubleValue\":1021474836470").getBytes(StandardCharsets.UTF_8);

    IngestResult result = collector.ingestTraces(heavy);

    assertThat(result.accepted()).isZero();
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.message()).contains("microevent.sample.weight");
  }

  @Test
  void otlpMetricsRequest() {
    Fuzz.Report report = Fuzz.parser("OTLP metrics", collector::ingestMetrics)
        .seeds("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"ups.load\",\"gauge\":"
            + "{\"dataPoints\":[{\"asDouble\":42.5,\"timeUnixNano\":\"1\"}]}}]}]}]}", "{\"resourceMetrics\":[]}")
        .dictionary("resourceMetrics", "scopeMetrics", "metrics", "gauge", "dataPoints")
        .typed(TelemetryException.class).run();
    System.out.println(report);
  }

  @Test
  void storedBatchObject() {
    byte[] good = Batches.gzip(("{\"format\":\"microevent.telemetry/1\",\"sealedAt\":\"2026-12-06T14:00:00Z\","
        + "\"counts\":[{\"intent\":\"payment\",\"slice\":\"default\",\"outcome\":\"success\",\"seen\":5,\"kept\":1}],"
        + TRACES.substring(1)).getBytes(StandardCharsets.UTF_8));
    Fuzz.Report report = Fuzz.parser("batch object", in -> Batches.read(in, "fuzz/key"))
        .seeds(List.of(good, Batches.gzip("{}".getBytes(StandardCharsets.UTF_8))))
        .typed(TelemetryException.class).run();
    System.out.println(report);
  }

  @Test
  void consoleSpec() {
    Fuzz.Report report = Fuzz.parser("console spec", in -> ConsoleSpec.parse(Fuzz.latin1(in)))
        .seeds("{\"name\":\"ups\",\"loginUrl\":\"http://127.0.0.1/login.html\",\"login\":{\"username\":\"#u\","
            + "\"password\":\"#p\",\"submit\":\"#s\",\"success\":\"#d\",\"failure\":\".e\"},\"values\":[{\"name\":\"load\","
            + "\"selector\":\"#load\"},{\"name\":\"b\",\"page\":\"power.html\",\"selector\":\"#b .v\"}]}")
        .dictionary("name", "loginUrl", "login", "username", "password", "submit", "success", "values", "page",
            "selector", "http://")
        .typed(PlaneException.class).run();
    System.out.println(report);
  }
}
