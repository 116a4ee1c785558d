package dev.microevent.plane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.plane.EdgePlaneServer;
import dev.microevent.plane.internal.PlaneJson;
import dev.microevent.plane.telemetry.internal.Batches;
import dev.microevent.plane.telemetry.internal.S3Bucket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A running edge plane with telemetry: OTLP/JSON in over HTTP, batches out to a real S3-compatible store. */
class PlaneTelemetryRoutesIT {
  @TempDir Path tmp;

  private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void planeTakesOtlpTracesAndMetrics_answersPartialSuccessAndProbes_andTheBatchReachesTheStore() throws Exception {
    String good = "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"payment\","
        + "\"startTimeUnixNano\":\"1796600000000000000\",\"endTimeUnixNano\":\"1796600000040000000\","
        + "\"attributes\":[{\"key\":\"microevent.slice\",\"value\":{\"stringValue\":\"urllc\"}},"
        + "{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":503}}],\"status\":{\"code\":2}}";
    String bad = "{\"traceId\":\"xyz\",\"spanId\":\"00f067aa0ba902b7\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}";
    String traces = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + good + "," + bad + "]}]}]}";
    String metrics = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"app.queue\",\"gauge\":"
        + "{\"dataPoints\":[{\"asDouble\":3,\"timeUnixNano\":\"1796600000000000000\"}]}}]}]}]}";
    try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("store"), "venue-telemetry");
        TelemetryCollector collector = TelemetryCollector.builder().venue("arena-north").store(s3.store("venue-telemetry")
            .build()).spoolDirectory(tmp.resolve("spool")).flushInterval(Duration.ZERO).start();
        EdgePlaneServer plane = EdgePlaneServer.builder().port(0).telemetry(collector).start();
        S3Bucket direct = s3.bucket("venue-telemetry")) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      HttpResponse<String> r = send(http, HttpRequest.newBuilder(plane.uri().resolve("/telemetry/v1/traces"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(traces)));
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode partial = PlaneJson.read(r.body().getBytes(StandardCharsets.UTF_8), "answer").path("partialSuccess");
      assertThat(partial.path("rejectedSpans").asInt()).isEqualTo(1);
      assertThat(partial.path("errorMessage").asText()).contains("traceId");

      r = send(http, HttpRequest.newBuilder(plane.uri().resolve("/telemetry/v1/metrics"))
          .POST(HttpRequest.BodyPublishers.ofString(metrics)));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{}");

      r = send(http, HttpRequest.newBuilder(plane.uri().resolve("/telemetry/v1/traces"))
          .POST(HttpRequest.BodyPublishers.ofString("[1,2]")));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("\"error\":\"not_otlp\"");

      r = send(http, HttpRequest.newBuilder(plane.uri().resolve("/telemetry/v1/probe")).GET());
      assertThat(r.statusCode()).isEqualTo(204);

      assertThat(collector.flush().batchesUploaded()).isEqualTo(1);
      List<S3Object> objects = direct.list("arena-north/");
      assertThat(objects).hasSize(1);
      JsonNode batch = Batches.read(direct.get(objects.get(0).key()), "batch");
      JsonNode span = batch.path("resourceSpans").get(0).path("scopeSpans").get(0).path("spans").get(0);
      assertThat(span.path("spanId").asText()).isEqualTo("00f067aa0ba902b7");
      assertThat(span.path("status").path("message").asText()).isEqualTo("server_error/503");
      assertThat(batch.path("counts").get(0).path("slice").asText()).isEqualTo("urllc");
      assertThat(batch.path("resourceMetrics").get(0).path("scopeMetrics").get(0).path("metrics").get(0)
          .path("name").asText()).isEqualTo("app.queue");
      assertThat(collector.stats().spansRejected()).isEqualTo(1);
    }
  }
}
